// Owns the set of saved paper ids shown on Save buttons and counted by the popup: the server's
// library as last heard (its saves and dismissals, with the clicks it acknowledged since folded
// in) with the clicks still queued applied on top, by the rules the server follows
// (transitions.ts), so a click shows at once and stays so while the server is down; and which
// papers have such pending clicks. Published under storage keys `saved_ids` and `pending_ids`.
import type { SavedMessage } from "../../shared/messages"
import type { KeyValueStore } from "../../shared/storage"
import type { FeedbackQueue, QueuedFeedback } from "../feedback-queue"
import { type PaperState, applyClicks, isSaved } from "./transitions"

const SERVER_KEY = "library_server"
export const SAVED_KEY = "saved_ids"
export const PENDING_KEY = "pending_ids"

export class Library {
  /** Saved and dismissed papers as the server last said; a paper absent is `none`. */
  private server = new Map<string, PaperState>()

  constructor(
    private readonly store: KeyValueStore,
    private readonly queue: FeedbackQueue
  ) {}

  async load(): Promise<void> {
    const stored = (await this.store.get(SERVER_KEY))[SERVER_KEY]
    this.server = new Map(typeof stored === "object" && stored !== null ? Object.entries(stored as Record<string, PaperState>) : [])
  }

  savedIds(): string[] {
    const shown = applyClicks(new Map(this.server), this.queue.list())
    return [...shown].flatMap(([id, state]) => (isSaved(state) ? [id] : []))
  }

  /** Papers with a click the server has not acknowledged yet (an `open` is no visible state). */
  pendingIds(): string[] {
    return [...new Set(this.queue.list().filter((e) => e.action !== "open").map((e) => e.paper_id))]
  }

  message(): SavedMessage {
    return { kind: "saved", saved_ids: this.savedIds(), pending_ids: this.pendingIds() }
  }

  /**
   * The server's whole word (welcome) replaces ours. Its lists do not say whether a dismissal
   * was over a save; one we saw made over a save keeps that, so that Undo brings the save back.
   */
  adopt(savedIds: readonly string[], dismissedIds: readonly string[]): Promise<SavedMessage> {
    const server = new Map<string, PaperState>()
    for (const id of dismissedIds) server.set(id, this.server.get(id) === "dismissed-saved" ? "dismissed-saved" : "dismissed")
    for (const id of savedIds) server.set(id, "saved")
    this.server = server
    return this.publish()
  }

  /** The library changed (`saved`): the saves are the server's; dismissals are not its subject. */
  adoptSaved(savedIds: readonly string[]): Promise<SavedMessage> {
    const saved = new Set(savedIds)
    for (const [id, state] of this.server) if (isSaved(state) && !saved.has(id)) this.server.delete(id)
    for (const id of saved) this.server.set(id, "saved")
    return this.publish()
  }

  /**
   * Acknowledged events are in the server's library now; fold them in so the saved set does
   * not flicker between the ack and the `saved` frame that follows it.
   */
  absorb(events: readonly QueuedFeedback[]): Promise<SavedMessage> {
    applyClicks(this.server, events)
    return this.publish()
  }

  /** Stores the sets for the popup and returns them as the message every tab gets. */
  async publish(): Promise<SavedMessage> {
    const message = this.message()
    await this.store.set({ [SERVER_KEY]: Object.fromEntries(this.server), [SAVED_KEY]: message.saved_ids, [PENDING_KEY]: message.pending_ids })
    return message
  }
}

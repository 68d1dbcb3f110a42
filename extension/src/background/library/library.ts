// Owns the set of saved paper ids shown on Save buttons and counted by the popup: the server's
// library with the not-yet-acknowledged clicks applied on top, so a Save shows as saved at once
// and stays so while the server is down; and which papers have such pending clicks. Published
// under storage keys `saved_ids` and `pending_ids`.
import type { SavedMessage } from "../../shared/messages"
import type { KeyValueStore } from "../../shared/storage"
import type { FeedbackQueue, QueuedFeedback } from "../feedback-queue"

const SERVER_KEY = "library_server_ids"
export const SAVED_KEY = "saved_ids"
export const PENDING_KEY = "pending_ids"

function apply(ids: Set<string>, events: readonly QueuedFeedback[]): Set<string> {
  for (const event of events) {
    if (event.action === "save") ids.add(event.paper_id)
    else if (event.action === "unsave") ids.delete(event.paper_id)
  }
  return ids
}

export class Library {
  private server: string[] = []

  constructor(
    private readonly store: KeyValueStore,
    private readonly queue: FeedbackQueue
  ) {}

  async load(): Promise<void> {
    const stored = (await this.store.get(SERVER_KEY))[SERVER_KEY]
    this.server = Array.isArray(stored) ? (stored as string[]) : []
  }

  savedIds(): string[] {
    return [...apply(new Set(this.server), this.queue.list())]
  }

  /** Papers with a click the server has not acknowledged yet (an `open` is no visible state). */
  pendingIds(): string[] {
    return [...new Set(this.queue.list().filter((e) => e.action !== "open").map((e) => e.paper_id))]
  }

  message(): SavedMessage {
    return { kind: "saved", saved_ids: this.savedIds(), pending_ids: this.pendingIds() }
  }

  /** The server's word replaces ours (welcome, saved). */
  setServerIds(ids: readonly string[]): Promise<SavedMessage> {
    this.server = [...ids]
    return this.publish()
  }

  /**
   * Acknowledged events are in the server's library now; fold them in so the saved set does
   * not flicker between the ack and the `saved` frame that follows it.
   */
  absorb(events: readonly QueuedFeedback[]): Promise<SavedMessage> {
    this.server = [...apply(new Set(this.server), events)]
    return this.publish()
  }

  /** Stores the sets for the popup and returns them as the message every tab gets. */
  async publish(): Promise<SavedMessage> {
    const message = this.message()
    await this.store.set({ [SERVER_KEY]: this.server, [SAVED_KEY]: message.saved_ids, [PENDING_KEY]: message.pending_ids })
    return message
  }
}

// Owns the saved and pending sets that Save buttons show and the popup counts: the server's
// library as last heard (its saves and dismissals, with the clicks it acknowledged since folded
// in) with the clicks still queued applied on top, by the rules the server follows
// (transitions.ts), so a click shows at once and stays so while the server is down; and which
// papers have such pending clicks. Every change of either set is published once: each storage
// key (`saved_ids`, `pending_ids`, `library_server`) is written only when its value changed, and
// the tabs are told only when a set did, however many calls the change took.
import type { SavedMessage } from "../../shared/messages"
import { PENDING_KEY, SAVED_KEY } from "../../shared/published"
import type { KeyValueStore } from "../../shared/storage"
import type { FeedbackQueue, QueuedFeedback } from "../feedback-queue"
import { type PaperState, applyClicks, isSaved } from "./transitions"

const SERVER_KEY = "library_server"

/** A stored value's JSON with its order made canonical, so that equal sets compare equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return JSON.stringify([...value].sort())
  return JSON.stringify(typeof value === "object" && value !== null ? Object.entries(value).sort() : value)
}

export class Library {
  /** Saved and dismissed papers as the server last said; a paper absent is `none`. */
  private server = new Map<string, PaperState>()
  /** canonical() of what each key holds in storage, as last written or loaded. */
  private readonly stored = new Map<string, string>()
  private flushing: Promise<void> | null = null
  // Writes are chained so an older snapshot can never land after a newer one.
  private writes: Promise<void> = Promise.resolve()

  constructor(
    private readonly store: KeyValueStore,
    private readonly queue: FeedbackQueue,
    /** Shows a new saved or pending set in every tab. */
    private readonly onChange: (message: SavedMessage) => void
  ) {}

  async load(): Promise<void> {
    const stored = await this.store.get([SERVER_KEY, SAVED_KEY, PENDING_KEY])
    const server = stored[SERVER_KEY]
    this.server = new Map(typeof server === "object" && server !== null ? Object.entries(server as Record<string, PaperState>) : [])
    for (const [key, value] of Object.entries(stored)) this.stored.set(key, canonical(value))
  }

  message(): SavedMessage {
    const shown = applyClicks(new Map(this.server), this.queue.list())
    return {
      kind: "saved",
      saved_ids: [...shown.keys()].filter((id) => isSaved(shown.get(id)!)).sort(),
      // An `open` changes nothing that shows: no pending mark for it.
      pending_ids: [...new Set(this.queue.list().filter((e) => e.action !== "open").map((e) => e.paper_id))].sort()
    }
  }

  /** A click: into the durable queue first, then shown. */
  async record(event: QueuedFeedback): Promise<void> {
    await this.queue.add(event)
    return this.changed()
  }

  /**
   * The server stored these clicks: they leave the queue and join its library as we know it,
   * so that nothing flickers between the ack and the `saved` frame that follows it.
   */
  async acknowledge(eventIds: readonly string[]): Promise<void> {
    const acknowledged = await this.queue.remove(eventIds)
    if (acknowledged.length === 0) return
    applyClicks(this.server, acknowledged)
    return this.changed()
  }

  /** The server refused this click: it would be refused again on every replay. */
  async refuse(eventId: string): Promise<void> {
    const dropped = await this.queue.remove([eventId])
    if (dropped.length > 0) return this.changed()
  }

  /**
   * The server's whole word (welcome) replaces ours. Its lists do not say whether a dismissal
   * was over a save; one we saw made over a save keeps that, so that Undo brings the save back.
   */
  adopt(savedIds: readonly string[], dismissedIds: readonly string[]): Promise<void> {
    const server = new Map<string, PaperState>()
    for (const id of dismissedIds) server.set(id, this.server.get(id) === "dismissed-saved" ? "dismissed-saved" : "dismissed")
    for (const id of savedIds) server.set(id, "saved")
    this.server = server
    return this.changed()
  }

  /** The library changed (`saved`): the saves are the server's; dismissals are not its subject. */
  adoptSaved(savedIds: readonly string[]): Promise<void> {
    const saved = new Set(savedIds)
    for (const [id, state] of this.server) if (isSaved(state) && !saved.has(id)) this.server.delete(id)
    for (const id of saved) this.server.set(id, "saved")
    return this.changed()
  }

  /** Changes made in the same turn are published together, once they are all made. */
  private changed(): Promise<void> {
    this.flushing ??= Promise.resolve().then(() => {
      this.flushing = null
      return this.publish()
    })
    return this.flushing
  }

  private publish(): Promise<void> {
    const message = this.message()
    const values = { [SERVER_KEY]: Object.fromEntries(this.server), [SAVED_KEY]: message.saved_ids, [PENDING_KEY]: message.pending_ids }
    const changed: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(values)) {
      const text = canonical(value)
      if (this.stored.get(key) === text) continue
      this.stored.set(key, text)
      changed[key] = value
    }
    if (SAVED_KEY in changed || PENDING_KEY in changed) this.onChange(message)
    if (Object.keys(changed).length > 0) this.writes = this.writes.then(() => this.store.set(changed))
    return this.writes
  }
}

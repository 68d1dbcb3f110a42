// Owns the durable queue of feedback events and its replay: each click is written to storage
// before it is sent and leaves the queue only when the server acknowledges its event_id, so a
// Save made while the server is down is replayed (idempotently) after the next welcome.
import type { ClientFrame, Feedback } from "../protocol"
import type { KeyValueStore } from "../shared/storage"

export type QueuedFeedback = Omit<Feedback, "type" | "at"> & { at: string }

const KEY = "feedback_queue"

export function feedbackFrame(event: QueuedFeedback): Feedback {
  return { type: "feedback", ...event }
}

export class FeedbackQueue {
  private items: QueuedFeedback[] = []
  // Writes are chained so an older snapshot can never land after a newer one.
  private writes: Promise<void> = Promise.resolve()

  constructor(private readonly store: KeyValueStore) {}

  async load(): Promise<void> {
    const stored = (await this.store.get(KEY))[KEY]
    this.items = Array.isArray(stored) ? (stored as QueuedFeedback[]) : []
  }

  list(): readonly QueuedFeedback[] {
    return this.items
  }

  /** Resolves once the event is in storage. */
  add(event: QueuedFeedback): Promise<void> {
    this.items = [...this.items, event]
    return this.persist()
  }

  /** Drops the acknowledged events and returns them, in queue order. */
  async remove(eventIds: readonly string[]): Promise<QueuedFeedback[]> {
    const ids = new Set(eventIds)
    const removed = this.items.filter((e) => ids.has(e.event_id))
    if (removed.length > 0) {
      this.items = this.items.filter((e) => !ids.has(e.event_id))
      await this.persist()
    }
    return removed
  }

  /**
   * Sends every click the server has not acknowledged, in order (after a welcome). The server
   * stores each event_id once, so a click it stored before the connection dropped is not stored
   * twice; the ack of each takes it out of the queue.
   */
  replay(connection: { send(frame: ClientFrame): boolean }): void {
    for (const event of this.items) connection.send(feedbackFrame(event))
  }

  private persist(): Promise<void> {
    const snapshot = this.items
    this.writes = this.writes.then(() => this.store.set({ [KEY]: snapshot }))
    return this.writes
  }
}

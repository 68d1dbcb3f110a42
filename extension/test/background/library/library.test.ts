import { describe, expect, it } from "vitest"

import { FeedbackQueue, type QueuedFeedback } from "../../../src/background/feedback-queue"
import { Library, PENDING_KEY, SAVED_KEY } from "../../../src/background/library/library"
import { memoryStore } from "../../helpers"

const click = (event_id: string, paper_id: string, action: QueuedFeedback["action"]): QueuedFeedback => ({
  event_id,
  paper_id,
  action,
  at: "2024-03-11T10:00:00.000Z"
})

describe("Library", () => {
  it("shows pending clicks on top of the server's library, without flicker on ack", async () => {
    const store = memoryStore()
    const queue = new FeedbackQueue(store)
    const library = new Library(store, queue)
    await library.adoptSaved(["a", "b"])
    await queue.add(click("event-0001", "c", "save"))
    await queue.add(click("event-0002", "a", "unsave"))
    await queue.add(click("event-0003", "d", "dismiss"))
    const published = await library.publish()
    expect(published.saved_ids.sort()).toEqual(["b", "c"])
    expect(published.pending_ids.sort()).toEqual(["a", "c", "d"])
    expect(((await store.get(SAVED_KEY))[SAVED_KEY] as string[]).sort()).toEqual(["b", "c"])
    expect(((await store.get(PENDING_KEY))[PENDING_KEY] as string[]).sort()).toEqual(["a", "c", "d"])

    const after = await library.absorb(await queue.remove(["event-0001", "event-0002", "event-0003"]))
    expect(after).toEqual({ kind: "saved", saved_ids: expect.any(Array), pending_ids: [] })
    expect(library.savedIds().sort()).toEqual(["b", "c"])
  })

  it("remembers across a reconnect that a dismissal was over a save, so Undo brings the save back", async () => {
    const store = memoryStore()
    const queue = new FeedbackQueue(store)
    const library = new Library(store, queue)
    await library.adopt(["a"], [])
    await queue.add(click("event-0001", "a", "dismiss"))
    await library.absorb(await queue.remove(["event-0001"]))
    await library.adoptSaved([])
    expect(library.savedIds()).toEqual([])

    const restarted = new Library(store, queue)
    await restarted.load()
    await restarted.adopt([], ["a"])
    await queue.add(click("event-0002", "a", "undismiss"))
    expect(restarted.savedIds()).toEqual(["a"])
  })
})

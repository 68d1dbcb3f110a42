import { describe, expect, it, vi } from "vitest"

import { FeedbackQueue, type QueuedFeedback } from "../../../src/background/feedback-queue"
import { Library } from "../../../src/background/library/library"
import type { SavedMessage } from "../../../src/shared/messages"
import { PENDING_KEY, SAVED_KEY } from "../../../src/shared/published"
import type { KeyValueStore } from "../../../src/shared/storage"
import { memoryStore } from "../../helpers"

const click = (event_id: string, paper_id: string, action: QueuedFeedback["action"]): QueuedFeedback => ({
  event_id,
  paper_id,
  action,
  at: "2024-03-11T10:00:00.000Z"
})

function setup(store: KeyValueStore = memoryStore()) {
  const queue = new FeedbackQueue(store)
  const shown: SavedMessage[] = []
  const library = new Library(store, queue, (message) => shown.push(message))
  return { store, queue, library, shown }
}

describe("Library", () => {
  it("shows pending clicks on top of the server's library, without flicker on ack", async () => {
    const { store, library } = setup()
    await library.adoptSaved(["a", "b"])
    await library.record(click("event-0001", "c", "save"))
    await library.record(click("event-0002", "a", "unsave"))
    await library.record(click("event-0003", "d", "dismiss"))
    expect(library.message()).toEqual({ kind: "saved", saved_ids: ["b", "c"], pending_ids: ["a", "c", "d"] })
    expect((await store.get(SAVED_KEY))[SAVED_KEY]).toEqual(["b", "c"])
    expect((await store.get(PENDING_KEY))[PENDING_KEY]).toEqual(["a", "c", "d"])

    await library.acknowledge(["event-0001", "event-0002", "event-0003"])
    expect(library.message()).toEqual({ kind: "saved", saved_ids: ["b", "c"], pending_ids: [] })
  })

  it("publishes each change once: a key is written when its value changed, tabs told when a set did", async () => {
    const { store, library, shown } = setup()
    const set = vi.spyOn(store, "set")
    await library.adopt(["a"], [])
    await library.record(click("event-0001", "b", "save"))
    // The ack and the `saved` frame that follows it say what the click already showed.
    await library.acknowledge(["event-0001"])
    await library.adoptSaved(["a", "b"])
    await library.adopt(["a", "b"], [])
    // An `open` shows nothing.
    await library.record(click("event-0002", "a", "open"))
    expect(shown.map((m) => [m.saved_ids, m.pending_ids])).toEqual([
      [["a"], []],
      [["a", "b"], ["b"]],
      [["a", "b"], []]
    ])
    const written = set.mock.calls.map(([items]) => Object.keys(items).filter((key) => key !== "feedback_queue").sort())
    expect(written.filter((keys) => keys.length > 0)).toEqual([
      ["library_server", PENDING_KEY, SAVED_KEY],
      [PENDING_KEY, SAVED_KEY],
      ["library_server", PENDING_KEY]
    ])
  })

  it("publishes changes made in the same turn together", async () => {
    const { library, shown } = setup()
    await Promise.all([library.adopt(["a"], []), library.adoptSaved(["a", "b"])])
    expect(shown).toEqual([{ kind: "saved", saved_ids: ["a", "b"], pending_ids: [] }])
  })

  it("remembers across a restart what it published and that a dismissal was over a save", async () => {
    const { store, library } = setup()
    await library.adopt(["a"], [])
    await library.record(click("event-0001", "a", "dismiss"))
    await library.acknowledge(["event-0001"])
    await library.adoptSaved([])
    expect(library.message().saved_ids).toEqual([])

    const restarted = setup(store)
    await restarted.queue.load()
    await restarted.library.load()
    await restarted.library.adopt([], ["a"])
    expect(restarted.shown).toEqual([])
    await restarted.library.record(click("event-0002", "a", "undismiss"))
    expect(restarted.library.message().saved_ids).toEqual(["a"])
  })
})

import { describe, expect, it } from "vitest"

import { FeedbackQueue, type QueuedFeedback } from "../../src/background/feedback-queue"
import { memoryStore } from "../helpers"

const click = (event_id: string, paper_id: string, action: QueuedFeedback["action"]): QueuedFeedback => ({
  event_id,
  paper_id,
  action,
  at: "2024-03-11T10:00:00.000Z"
})

describe("FeedbackQueue", () => {
  it("persists every click and forgets it only when acknowledged", async () => {
    const store = memoryStore()
    const queue = new FeedbackQueue(store)
    await queue.add(click("event-0001", "2403.06634", "save"))
    await queue.add(click("event-0002", "2403.06504", "save"))

    const restarted = new FeedbackQueue(store)
    await restarted.load()
    expect(restarted.list().map((e) => e.event_id)).toEqual(["event-0001", "event-0002"])

    const acked = await restarted.remove(["event-0001", "unknown"])
    expect(acked.map((e) => e.event_id)).toEqual(["event-0001"])
    const again = new FeedbackQueue(store)
    await again.load()
    expect(again.list().map((e) => e.event_id)).toEqual(["event-0002"])
  })
})

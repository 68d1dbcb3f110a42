import { describe, expect, it, vi } from "vitest"

import type { BackgroundContext } from "../../../src/background/context"
import { FeedbackQueue, type QueuedFeedback } from "../../../src/background/feedback-queue"
import { onError } from "../../../src/background/frames/error"
import { Library } from "../../../src/background/library/library"
import { PageRegistry } from "../../../src/background/pages"
import { broadcast } from "../../../src/background/tabs"
import { memoryStore } from "../../helpers"

const click = (event_id: string, paper_id: string): QueuedFeedback => ({ event_id, paper_id, action: "save", at: "2026-05-12T10:00:00Z" })

async function context() {
  const store = memoryStore()
  const queue = new FeedbackQueue(store)
  const pages = new PageRegistry(memoryStore())
  await pages.set(7, { url: "https://huggingface.co/papers", shape: "list", papers: [] })
  const library = new Library(store, queue, (message) => broadcast(pages.tabIds(), message))
  const ctx = { queue, pages, library, connection: {} } as unknown as BackgroundContext
  return { ctx, queue }
}

describe("error frames", () => {
  it("drop a refused feedback event from the queue, so it is not replayed forever", async () => {
    const sendMessage = vi.fn(() => Promise.resolve())
    vi.stubGlobal("chrome", { tabs: { sendMessage } })
    vi.spyOn(console, "warn").mockImplementation(() => undefined)
    const { ctx, queue } = await context()
    await queue.add(click("event-0001", "2605.00001"))
    await queue.add(click("event-0002", "2605.00002"))
    await onError(ctx, { type: "error", code: "unknown_paper", message: "no such paper", in_reply_to: "feedback", event_id: "event-0001" })
    expect(queue.list().map((e) => e.event_id)).toEqual(["event-0002"])
    expect(sendMessage).toHaveBeenCalledWith(7, { kind: "saved", saved_ids: ["2605.00002"], pending_ids: ["2605.00002"] })
    await onError(ctx, { type: "error", code: "bad_message", message: "x", in_reply_to: "page", event_id: null })
    expect(queue.list()).toHaveLength(1)
    vi.unstubAllGlobals()
  })
})

// Handles `feedback` (a Save-button click): give it an event id, store it in the durable queue
// first, show the new saved set in every tab, then send it if the server is there. The ack
// (frames/ack.ts) removes it from the queue; a welcome replays whatever is left.
import { isPaperId } from "../../lib/paper-record"
import type { FeedbackMessage } from "../../messages"
import type { BackgroundContext } from "../context"
import type { QueuedFeedback } from "../feedback-queue"
import { broadcast } from "../tabs"

export async function handleFeedback(ctx: BackgroundContext, message: FeedbackMessage): Promise<void> {
  // A malformed event would be refused and replayed forever: keep it out of the queue.
  if (!isPaperId(message.paper_id) || (message.action !== "save" && message.action !== "unsave")) return
  const event: QueuedFeedback = {
    event_id: crypto.randomUUID(),
    paper_id: message.paper_id,
    action: message.action,
    at: new Date().toISOString(),
    ...(message.paper?.id === message.paper_id ? { paper: message.paper } : {})
  }
  await ctx.queue.add(event)
  const savedIds = await ctx.library.publish()
  broadcast(ctx.pages.tabIds(), { kind: "saved", saved_ids: savedIds })
  ctx.connection.send({ type: "feedback", ...event })
}

// Handles `feedback` (a click on Save, Not interested, Undo or a paper's title): give it an event
// id, record it in the library (durable queue first, then shown in every tab), then send it if
// the server is there. The ack (frames/ack.ts) removes it from the queue; a welcome replays
// whatever is left.
import type { FeedbackAction, Paper } from "../../protocol"
import { isPaperId } from "../../shared/paper-id"
import type { BackgroundContext } from "../context"
import { type QueuedFeedback, feedbackFrame } from "../feedback-queue"

/** One click on a card's buttons, a paper's title or the popup's Unsave. */
export interface FeedbackMessage {
  kind: "feedback"
  action: FeedbackAction
  paper_id: string
  paper?: Paper
}

const ACTIONS: ReadonlySet<string> = new Set<FeedbackAction>(["save", "unsave", "dismiss", "undismiss", "open"])

export async function handleFeedback(ctx: BackgroundContext, message: FeedbackMessage): Promise<void> {
  // A malformed event would be refused and replayed forever: keep it out of the queue.
  if (!isPaperId(message.paper_id) || !ACTIONS.has(message.action)) return
  const event: QueuedFeedback = {
    event_id: crypto.randomUUID(),
    paper_id: message.paper_id,
    action: message.action,
    at: new Date().toISOString(),
    ...(message.paper?.id === message.paper_id ? { paper: message.paper } : {})
  }
  await ctx.library.record(event)
  ctx.connection.send(feedbackFrame(event))
}

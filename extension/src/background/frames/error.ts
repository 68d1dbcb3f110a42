// Handles `error` frames that leave the connection open (bad_token is the connection's own
// business). A refused feedback event would be refused again on every replay: it leaves the
// queue. Anything else has nothing to repair on our side, but a developer needs to see it.
import type { ErrorFrame } from "../../protocol"
import type { BackgroundContext } from "../context"

export async function onError(ctx: BackgroundContext, error: ErrorFrame): Promise<void> {
  const about = error.in_reply_to ? ` (in reply to ${error.in_reply_to})` : ""
  console.warn(`[PaperLens] server refused a frame${about}: ${error.code}: ${error.message}`)
  if (error.event_id) await ctx.library.refuse(error.event_id)
}

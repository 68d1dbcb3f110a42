// Handles `welcome`: adopt the server's library, replay every queued click (the server is
// idempotent by event_id), then re-send every tab's page so all badges get fresh scores, and ask
// again for the recommendations the popup and the paper pages show.
import type { Welcome } from "../../protocol"
import type { BackgroundContext } from "../context"
import { forYouRequest } from "../for-you"

export async function onWelcome(ctx: BackgroundContext, welcome: Welcome): Promise<void> {
  await ctx.library.adopt(welcome.saved_ids, welcome.dismissed_ids)
  // Feedback first, so the scores that answer the pages already reflect it.
  ctx.queue.replay(ctx.connection)
  for (const frame of ctx.pages.frames()) ctx.connection.send(frame)
  for (const frame of ctx.pages.recommendFrames()) ctx.connection.send(frame)
  ctx.connection.send(forYouRequest())
}

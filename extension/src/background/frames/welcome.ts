// Handles `welcome`: adopt the server's library, replay every queued click (the server is
// idempotent by event_id), then re-send every tab's page so all badges get fresh scores.
import type { Welcome } from "../../protocol"
import type { BackgroundContext } from "../context"
import { broadcast } from "../tabs"

export async function onWelcome(ctx: BackgroundContext, welcome: Welcome): Promise<void> {
  const savedIds = await ctx.library.setServerIds(welcome.saved_ids)
  broadcast(ctx.pages.tabIds(), { kind: "saved", saved_ids: savedIds })
  // Feedback first, so the scores that answer the pages already reflect it.
  for (const event of ctx.queue.list()) ctx.connection.send({ type: "feedback", ...event })
  for (const frame of ctx.pages.frames()) ctx.connection.send(frame)
}

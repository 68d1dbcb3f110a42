// Handles `ack`: the acknowledged clicks are stored by the server; they leave the queue and stop
// showing as pending.
import type { Ack } from "../../protocol"
import type { BackgroundContext } from "../context"
import { broadcast } from "../tabs"

export async function onAck(ctx: BackgroundContext, ack: Ack): Promise<void> {
  const acked = await ctx.queue.remove(ack.event_ids)
  if (acked.length > 0) broadcast(ctx.pages.tabIds(), await ctx.library.absorb(acked))
}

// Handles `ack`: the acknowledged clicks are stored by the server; they leave the queue and stop
// showing as pending.
import type { Ack } from "../../protocol"
import type { BackgroundContext } from "../context"

export function onAck(ctx: BackgroundContext, ack: Ack): Promise<void> {
  return ctx.library.acknowledge(ack.event_ids)
}

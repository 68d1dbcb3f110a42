// Routes a server frame to its handler: one handler per frame type. The connection has already
// acted on what concerns it (welcome and bad_token move its state; pongs stop there).
import type { ServerFrame } from "../../protocol"
import type { BackgroundContext } from "../context"
import { onAck } from "./ack"
import { onError } from "./error"
import { onRecommendations } from "./recommendations"
import { onSaved } from "./saved"
import { onScores } from "./scores"
import { onWelcome } from "./welcome"

export async function handleFrame(ctx: BackgroundContext, frame: ServerFrame): Promise<void> {
  switch (frame.type) {
    case "scores":
      return onScores(ctx, frame)
    case "ack":
      return onAck(ctx, frame)
    case "saved":
      return onSaved(ctx, frame)
    case "recommendations":
      return onRecommendations(ctx, frame)
    case "error":
      return onError(ctx, frame)
    case "welcome":
      return onWelcome(ctx, frame)
    case "pong":
      return
    default: {
      // A frame type without a case here fails to compile.
      const unhandled: never = frame
      return unhandled
    }
  }
}

// Handles `error` frames that leave the connection open (bad_token is the connection's own
// business): nothing to repair on our side, but a developer needs to see them.
import type { ErrorFrame } from "../../protocol"

export function onError(error: ErrorFrame): void {
  const about = error.in_reply_to ? ` (in reply to ${error.in_reply_to})` : ""
  console.warn(`[PaperLens] server refused a frame${about}: ${error.code}: ${error.message}`)
}

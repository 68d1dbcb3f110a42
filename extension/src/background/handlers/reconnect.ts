// Handles `reconnect` from the options page after it saved settings: apply them and connect
// now rather than after the backoff. Answers with the status the page should show meanwhile.
import type { ConnectionStatus } from "../../shared/connection-status"
import { loadSettings } from "../../shared/settings"
import type { BackgroundContext } from "../context"

/** From the options page after saving settings. */
export interface ReconnectMessage {
  kind: "reconnect"
}

export async function handleReconnect(ctx: BackgroundContext): Promise<ConnectionStatus> {
  ctx.connection.use(await loadSettings())
  ctx.connection.retryNow()
  return ctx.connection.status
}

// Owns the connection status record that the background publishes under the storage key
// `connection` and that the popup, options page and content script display: its states and
// the human words for each. Session storage: a status must not outlive the browser session that
// measured it.
import { readKey, storageArea, watchKey } from "./storage"

export type ConnectionState = "no_token" | "connecting" | "connected" | "unauthorized" | "offline"

export interface ConnectionStatus {
  state: ConnectionState
  server_url: string
  /** The authenticated user, when connected. */
  user: string | null
  /** Extra words for the state, e.g. what the server said when it refused us. */
  detail: string | null
  /** ms since epoch when this state was entered. */
  since: number
  /** settingsKey() of the settings this status was measured with. */
  settings_key: string
}

const STATUS_KEY = "connection"

export function describeStatus(status: ConnectionStatus): string {
  switch (status.state) {
    case "connected":
      return `Connected as ${status.user ?? "?"}`
    case "connecting":
      return "Connecting…"
    case "offline":
      return `Server not reachable at ${status.server_url}`
    case "unauthorized":
      return `Token refused by ${status.server_url}${status.detail ? `: ${status.detail}` : ""}`
    case "no_token":
      return "No token — open the options"
  }
}

export function readStatus(): Promise<ConnectionStatus | null> {
  return readKey<ConnectionStatus>("session", STATUS_KEY)
}

export async function writeStatus(status: ConnectionStatus): Promise<void> {
  await storageArea("session").set({ [STATUS_KEY]: status })
}

/** Calls back on every change; returns the unsubscribe function. */
export function watchStatus(onChange: (status: ConnectionStatus) => void): () => void {
  return watchKey<ConnectionStatus>("session", STATUS_KEY, (status) => status && onChange(status))
}

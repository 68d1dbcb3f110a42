// Owns the user's settings (server URL and token) in chrome.storage.local: their defaults,
// validation, and the WebSocket address derived from them. Written by the options page, read
// by the background, which reconnects when they change.
import { storageArea } from "./storage"

export const DEFAULT_SERVER_URL = "http://127.0.0.1:8377"
const SETTINGS_KEYS = ["serverUrl", "token"] as const

export interface Settings {
  serverUrl: string
  token: string
}

/** The URL without a trailing slash, or null when it is not an http(s) URL. */
export function normalizeServerUrl(input: string): string | null {
  let url: URL
  try {
    url = new URL(input.trim())
  } catch {
    return null
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null
  return `${url.origin}${url.pathname}`.replace(/\/+$/, "")
}

export function socketUrl(serverUrl: string): string {
  return `${serverUrl.replace(/^http/, "ws")}/ws`
}

export async function loadSettings(): Promise<Settings> {
  const stored = await storageArea("local").get([...SETTINGS_KEYS])
  const serverUrl =
    typeof stored.serverUrl === "string" ? normalizeServerUrl(stored.serverUrl) : null
  return {
    serverUrl: serverUrl ?? DEFAULT_SERVER_URL,
    token: typeof stored.token === "string" ? stored.token.trim() : ""
  }
}

export async function saveSettings(settings: Settings): Promise<void> {
  await storageArea("local").set({ serverUrl: settings.serverUrl, token: settings.token.trim() })
}

/** Calls back when the server URL or the token changes (the options page saved them). */
export function watchSettings(onChange: () => void): void {
  storageArea("local").onChanged.addListener((changes) => {
    if (SETTINGS_KEYS.some((key) => key in changes)) onChange()
  })
}

/**
 * A short fingerprint (FNV-1a) of the settings, published with the connection status so a
 * restarted worker knows whether the status it finds was measured with the same settings,
 * without the token itself being copied around.
 */
export function settingsKey(settings: Settings): string {
  let hash = 0x811c9dc5
  for (const char of `${settings.serverUrl}\n${settings.token}`) {
    hash = Math.imul(hash ^ char.codePointAt(0)!, 0x01000193) >>> 0
  }
  return hash.toString(16).padStart(8, "0")
}

export function sameSettings(a: Settings | null, b: Settings): boolean {
  return a !== null && a.serverUrl === b.serverUrl && a.token === b.token
}

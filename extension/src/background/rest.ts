// Owns the background's REST calls to the PaperLens server (the popup's library, counts and
// BibTeX): the token header, a time limit, and turning every failure into one sentence.
import type { Settings } from "../shared/settings"
import type { ApiResult } from "./handlers/api"

const TIMEOUT_MS = 8000

/** The server's error body: {"error": {"code", "message"}}. */
async function failure(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { message?: string } }
    if (body.error?.message) return `${response.status}: ${body.error.message}`
  } catch {
    // Not our server's JSON: the status says enough.
  }
  return `the server answered ${response.status} ${response.statusText}`.trim()
}

export async function rest<T>(
  settings: Settings,
  path: string,
  as: "json" | "text" = "json",
  init: RequestInit = {}
): Promise<ApiResult<T>> {
  if (!settings.token) return { ok: false, message: "No token: open the options and paste the server's token." }
  let response: Response
  try {
    response = await fetch(`${settings.serverUrl}${path}`, {
      ...init,
      headers: { Authorization: `Bearer ${settings.token}` },
      signal: AbortSignal.timeout(TIMEOUT_MS)
    })
  } catch {
    return { ok: false, message: `The server is not reachable at ${settings.serverUrl}.` }
  }
  if (!response.ok) return { ok: false, message: await failure(response) }
  return { ok: true, data: (as === "json" ? await response.json() : await response.text()) as T }
}

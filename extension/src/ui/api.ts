// Owns the popup's and options page's calls to the background (the only one talking to the
// server): typed wrappers over chrome.runtime.sendMessage.
import type { ToBackground } from "../background/handlers"
import type { ApiRequest, ApiResult } from "../background/handlers/api"

export function ask<T>(message: ToBackground): Promise<T> {
  return chrome.runtime.sendMessage(message) as Promise<T>
}

export async function api<T>(request: ApiRequest): Promise<ApiResult<T>> {
  return (await ask<ApiResult<T> | undefined>({ kind: "api", request })) ?? { ok: false, message: "PaperLens is not running." }
}

// Handles `api` from the popup: the REST calls it needs (counts, the library page, BibTeX),
// made here because only the background talks to the server.
import { loadSettings } from "../../shared/settings"
import { rest } from "../rest"

/** From the popup. The REST bodies are generated from shared_schema/ (ApiMe, ApiLibrary, ...). */
export interface ApiMessage {
  kind: "api"
  request: ApiRequest
}

export type ApiRequest =
  | { what: "me" }
  | { what: "library"; q: string; limit: number }
  | { what: "export-bib" }

/** The body, or the failure in words. */
export type ApiResult<T> = { ok: true; data: T } | { ok: false; message: string }

const MAX_LIMIT = 200

export async function handleApi(request: ApiRequest): Promise<ApiResult<unknown>> {
  const settings = await loadSettings()
  switch (request.what) {
    case "me":
      return rest(settings, "/api/me")
    case "library": {
      const query = new URLSearchParams({
        q: String(request.q ?? "").slice(0, 200),
        limit: String(Math.min(MAX_LIMIT, Math.max(1, Number(request.limit) || 50)))
      })
      return rest(settings, `/api/library?${query}`)
    }
    case "export-bib":
      return rest(settings, "/api/library/export.bib", "text")
  }
}

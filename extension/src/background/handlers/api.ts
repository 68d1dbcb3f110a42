// Handles `api` from the popup: the REST calls it needs (counts, the library page, BibTeX),
// made here because only the background talks to the server.
import type { ApiResult } from "../../lib/rest-types"
import { loadSettings } from "../../lib/settings"
import type { ApiRequest } from "../../messages"
import { rest } from "../rest"

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

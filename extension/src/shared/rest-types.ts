// Owns what the background answers the popup's and options page's REST requests with. The REST
// bodies themselves are generated from shared_schema/ (ApiMe, ApiLibrary, ...).
/** What the background answers an ApiMessage with: the body, or the failure in words. */
export type ApiResult<T> = { ok: true; data: T } | { ok: false; message: string }

/** Outcome of the options page's "Test connection"; `code` names the failure for tests. */
export interface TestResult {
  ok: boolean
  code: "ok" | "invalid_url" | "not_running" | "not_paperlens" | "protocol" | "no_token" | "bad_token"
  message: string
}

/* eslint-disable */
// GENERATED FILE: do not edit. Source: shared_schema/*.json.
// Regenerate with `npm run gen:types`; `npm run check:types` fails when this file drifts.

// ack.json
/**
 * server -> client: these feedback events are stored (durably). A replayed event is acknowledged again, never stored twice.
 */
export interface Ack {
  type: "ack"
  event_ids: string[]
}

// api_error.json
/**
 * REST: the body of every error response (4xx/5xx).
 */
export interface ApiError {
  error: {
    /**
     * Same codes as the WebSocket error frame, plus forbidden, not_found, rate_limited.
     */
    code: string
    /**
     * What was expected and what arrived.
     */
    message: string
  }
}

// api_feedback_result.json
/**
 * REST: answer to POST /api/feedback (body: a feedback message).
 */
export interface ApiFeedbackResult {
  event_ids: string[]
  /**
   * False when this event id was already stored (a replay): nothing changed.
   */
  stored: boolean
}

// api_health.json
/**
 * REST: GET /api/health (no token needed; says nothing about any user).
 */
export interface ApiHealth {
  status: "ok"
  version: string
  protocol: number
}

// api_import_result.json
/**
 * REST: answer to POST /api/library/import (body: BibTeX text).
 */
export interface ApiImportResult {
  /**
   * Entries that became a paper and a save.
   */
  imported: number
  paper_ids: string[]
  skipped: {
    entry: string
    reason: string
  }[]
}

// api_library.json
/**
 * REST: GET /api/library, the user's saved papers (newest first), optionally filtered by a search.
 */
export interface ApiLibrary {
  /**
   * Number of saved papers matching the search (before limit/offset).
   */
  total: number
  papers: {
    paper: Paper
    saved_at: string
  }[]
}

// api_me.json
/**
 * REST: GET /api/me, the authenticated user and their counts.
 */
export interface ApiMe {
  user: string
  saved_count: number
  dismissed_count: number
  model_version: number
  /**
   * False while scores come from the popularity prior only.
   */
  personal: boolean
}

// api_papers.json
/**
 * REST: PUT /api/papers request body, papers to add to (or update in) the corpus.
 */
export interface ApiPapers {
  /**
   * @maxItems 1000
   */
  papers: Paper[]
}

// api_upsert_result.json
/**
 * REST: answer to PUT /api/papers.
 */
export interface ApiUpsertResult {
  upserted: number
}

// error.json
/**
 * server -> client: a frame was refused. The message says what was expected and what arrived. The connection stays open unless the error is fatal (bad token).
 */
export interface Error {
  type: "error"
  code:
    | "bad_json"
    | "bad_message"
    | "unknown_type"
    | "not_authenticated"
    | "bad_token"
    | "protocol_mismatch"
    | "too_large"
    | "internal"
    | "unknown_paper"
    | "forbidden"
    | "rate_limited"
  message: string
  /**
   * type of the refused frame, when it could be read.
   */
  in_reply_to?: string | null
  /**
   * event_id of a refused feedback frame, when it could be read: the client should stop replaying that event.
   */
  event_id?: string | null
}

// feedback.json
/**
 * client -> server: one click. event_id is chosen by the client and makes replays idempotent.
 */
export interface Feedback {
  type: "feedback"
  event_id: string
  paper_id: string
  /**
   * save / unsave toggle the library; dismiss is "not interested", undismiss its undo; open records a click on the paper.
   */
  action: "save" | "unsave" | "dismiss" | "undismiss" | "open"
  paper?: Paper
  /**
   * When the click happened (client clock, ISO 8601).
   */
  at?: string
}

// hello.json
/**
 * client -> server, first frame on every connection: authenticates with the user's token.
 */
export interface Hello {
  type: "hello"
  token: string
  /**
   * Protocol version the client speaks.
   */
  protocol: number
  /**
   * Client name and version, e.g. paperlens-extension/0.1.0.
   */
  client?: string
}

// page.json
/**
 * client -> server: the papers shown on one page (one tab). The server answers with scores for the same page_id, and pushes fresh scores for it after feedback. An empty papers list means the page is gone (tab closed): the server forgets it and stops pushing for it.
 */
export interface Page {
  type: "page"
  /**
   * Client-chosen id of the page view (e.g. per tab); scores come back under it.
   */
  page_id: string
  url?: string
  /**
   * @maxItems 500
   */
  papers: Paper[]
}

// paper.json
/**
 * A paper as read from a huggingface.co/papers page (or the corpus).
 */
export interface Paper {
  /**
   * arXiv id as used in https://huggingface.co/papers/<id>, e.g. 2401.01234.
   */
  id: string
  title: string
  abstract?: string | null
  /**
   * @maxItems 1000
   */
  authors?: string[]
  upvotes?: number | null
  /**
   * Publication date, ISO 8601 (date or date-time).
   */
  published?: string | null
}

// ping.json
/**
 * client -> server keepalive (about every 20 s); answered by pong.
 */
export interface Ping {
  type: "ping"
  nonce?: string
}

// pong.json
/**
 * server -> client: answer to ping, echoing its nonce.
 */
export interface Pong {
  type: "pong"
  nonce?: string
}

// recommend.json
/**
 * client -> server: ask for the user's top papers from the whole corpus ("for you"), or papers like one paper ("more like this"). Answered by recommendations, pushed again under the same request_id when the model changes.
 */
export interface Recommend {
  type: "recommend"
  /**
   * Client-chosen id; the answer and later pushes carry it. A new request with the same id replaces the old one.
   */
  request_id: string
  limit?: number
  /**
   * Leave out the papers of this page (sent earlier on this connection).
   */
  exclude_page_id?: string
  /**
   * Rank by similarity to this paper instead of the user's model.
   */
  like?: string
}

// recommendations.json
/**
 * server -> client: top papers from the corpus that are not on the page and not saved or dismissed, best first, each with a reason.
 */
export interface Recommendations {
  type: "recommendations"
  request_id: string
  model_version: number
  /**
   * False while ranked by the popularity prior only.
   */
  personal: boolean
  papers: {
    paper: Paper
    score: number
    reason: string
    label: "personal" | "popular" | "similar"
  }[]
}

// saved.json
/**
 * server -> client: the user's library changed; the full list of saved paper ids.
 */
export interface Saved {
  type: "saved"
  saved_ids: string[]
}

// scores.json
/**
 * server -> client: a score, rank and reason for every paper of one page; sent in answer to page, and pushed again when the user's model changes.
 */
export interface Scores {
  type: "scores"
  page_id: string
  /**
   * Increases each time the user's model is refitted; 0 before any feedback.
   */
  model_version: number
  /**
   * False while the ranking is the popularity prior only (no feedback yet).
   */
  personal: boolean
  papers: {
    id: string
    /**
     * Relevance in [0, 1].
     */
    score: number
    /**
     * 1 = most relevant on this page.
     */
    rank: number
    /**
     * personal: from the user's model; popular: from the prior only.
     */
    label: "personal" | "popular"
    /**
     * Short human-readable reason for the score.
     */
    reason: string
    saved: boolean
    /**
     * The user marked it "not interested".
     */
    dismissed: boolean
  }[]
}

// welcome.json
/**
 * server -> client, answer to a valid hello.
 */
export interface Welcome {
  type: "welcome"
  protocol: number
  /**
   * Server name and version.
   */
  server: string
  /**
   * Name of the authenticated user.
   */
  user: string
  /**
   * Ids of the papers in the user's library.
   */
  saved_ids: string[]
  /**
   * Ids of the papers the user marked "not interested" (and did not undo).
   */
  dismissed_ids: string[]
}

// Owns the extension-internal messages: content script and extension pages -> background
// (chrome.runtime.sendMessage) and background -> content script (chrome.tabs.sendMessage).
// Wire shapes come from the generated protocol types; these only wrap them.
import type { PageShape } from "../features/page-reader/page-kind"
import type { FeedbackAction, Paper, Recommendations, Saved, Scores } from "../protocol"
import type { ConnectionState, ConnectionStatus } from "./connection-status"

/** A tab's papers; the background answers with a PageReply. */
export interface PageMessage {
  kind: "page"
  url: string
  /** What the content script recognised; `unknown` pages send no papers. */
  shape: PageShape
  papers: Paper[]
  /** On a paper page: its id, for "more like this" (recommend with `like`). */
  like?: string
}

export interface PageReply {
  connection: ConnectionStatus
  saved_ids: string[]
  pending_ids: string[]
}

/** One click on a card's buttons; the background queues it durably before sending. */
export interface FeedbackMessage {
  kind: "feedback"
  action: FeedbackAction
  paper_id: string
  paper?: Paper
}

/** From the options page after saving settings: connect now. Answered with the new status. */
export interface ReconnectMessage {
  kind: "reconnect"
}

/** From the options page: check a URL and token without saving them. Answered with a TestResult. */
export interface TestConnectionMessage {
  kind: "test-connection"
  serverUrl: string
  token: string
}

/** From the popup: a REST call made by the background (the only one talking to the server). */
export interface ApiMessage {
  kind: "api"
  request: ApiRequest
}

export type ApiRequest =
  | { what: "me" }
  | { what: "library"; q: string; limit: number }
  | { what: "export-bib" }

/** From the popup: what the content script made of a tab. Answered with TabInfo or null. */
export interface TabInfoMessage {
  kind: "tab-info"
  tabId: number
}

export interface TabInfo {
  url: string
  shape: PageShape
  papers: number
}

export type ToBackground =
  | PageMessage
  | FeedbackMessage
  | ReconnectMessage
  | TestConnectionMessage
  | ApiMessage
  | TabInfoMessage

export type ScoresMessage = Scores & { kind: "scores" }

export interface SavedMessage {
  kind: "saved"
  saved_ids: Saved["saved_ids"]
  /** Papers with a click not yet acknowledged by the server (shown as pending). */
  pending_ids: string[]
}

export interface ConnectionMessage {
  kind: "connection"
  state: ConnectionState
  /** Human words for the state, shown as the offline badge's tooltip. */
  detail: string
}

/** "More like this" for the paper page shown in this tab. */
export type RecommendationsMessage = Recommendations & { kind: "recommendations" }

export type ToContent = ScoresMessage | SavedMessage | ConnectionMessage | RecommendationsMessage

/** The name of the port a content script opens (runtime.connect) for its page's traffic. */
export const PAGE_PORT = "paperlens-page"

/** Content script -> background over the page port: a message, answered by a PortReply. */
export interface PortRequest {
  kind: "request"
  id: number
  message: ToBackground
}

/** Background -> content script over the page port: the answer to the PortRequest `id`. */
export interface PortReply {
  kind: "reply"
  id: number
  reply: unknown
}

export function isPortRequest(message: unknown): message is PortRequest {
  return kindOf(message) === "request" && isToBackground((message as PortRequest).message)
}

export function isPortReply(message: unknown): message is PortReply {
  return kindOf(message) === "reply" && typeof (message as PortReply).id === "number"
}

const TO_BACKGROUND: ReadonlySet<string> = new Set<ToBackground["kind"]>([
  "page",
  "feedback",
  "reconnect",
  "test-connection",
  "api",
  "tab-info"
])
const TO_CONTENT: ReadonlySet<string> = new Set<ToContent["kind"]>([
  "scores",
  "saved",
  "connection",
  "recommendations"
])

function kindOf(message: unknown): unknown {
  return typeof message === "object" && message !== null ? (message as { kind?: unknown }).kind : undefined
}

export function isToBackground(message: unknown): message is ToBackground {
  return TO_BACKGROUND.has(kindOf(message) as string)
}

export function isToContent(message: unknown): message is ToContent {
  return TO_CONTENT.has(kindOf(message) as string)
}

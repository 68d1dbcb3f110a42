// Owns the extension-internal messages: content script and extension pages -> background
// (chrome.runtime.sendMessage) and background -> content script (chrome.tabs.sendMessage).
// Wire shapes come from the generated protocol types; these only wrap them.
import type { ConnectionState, ConnectionStatus } from "./lib/connection-status"
import type { Paper, Saved, Scores } from "./protocol"

/** A tab's papers; the background answers with a PageReply. */
export interface PageMessage {
  kind: "page"
  url: string
  papers: Paper[]
}

export interface PageReply {
  connection: ConnectionStatus
  saved_ids: string[]
}

/** One Save-button click; the background queues it durably before sending. */
export interface FeedbackMessage {
  kind: "feedback"
  action: "save" | "unsave"
  paper_id: string
  paper?: Paper
}

/** From the options page after saving settings: connect now. Answered with the new status. */
export interface ReconnectMessage {
  kind: "reconnect"
}

export type ToBackground = PageMessage | FeedbackMessage | ReconnectMessage

export type ScoresMessage = Scores & { kind: "scores" }

export interface SavedMessage {
  kind: "saved"
  saved_ids: Saved["saved_ids"]
}

export interface ConnectionMessage {
  kind: "connection"
  state: ConnectionState
  /** Human words for the state, shown as the offline badge's tooltip. */
  detail: string
}

export type ToContent = ScoresMessage | SavedMessage | ConnectionMessage

const TO_BACKGROUND: ReadonlySet<string> = new Set<ToBackground["kind"]>(["page", "feedback", "reconnect"])
const TO_CONTENT: ReadonlySet<string> = new Set<ToContent["kind"]>(["scores", "saved", "connection"])

function kindOf(message: unknown): unknown {
  return typeof message === "object" && message !== null ? (message as { kind?: unknown }).kind : undefined
}

export function isToBackground(message: unknown): message is ToBackground {
  return TO_BACKGROUND.has(kindOf(message) as string)
}

export function isToContent(message: unknown): message is ToContent {
  return TO_CONTENT.has(kindOf(message) as string)
}

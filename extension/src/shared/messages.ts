// Owns the envelope of the extension's internal messages: the port a content script opens to the
// background and its request/reply, and what the background pushes to content scripts. What the
// background is asked (ToBackground) is declared beside each handler, in background/handlers/.
import type { ToBackground } from "../background/handlers"
import type { Recommendations, Saved, Scores } from "../protocol"
import type { ConnectionState } from "./connection-status"

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

const TO_CONTENT: ReadonlySet<string> = new Set<ToContent["kind"]>(["scores", "saved", "connection", "recommendations"])

export function kindOf(message: unknown): unknown {
  return typeof message === "object" && message !== null ? (message as { kind?: unknown }).kind : undefined
}

export function isToContent(message: unknown): message is ToContent {
  return TO_CONTENT.has(kindOf(message) as string)
}

// Routes a message from a content script or an extension page to its handler: one file per
// message kind, holding the handler and the message's types.
import { kindOf } from "../../shared/messages"
import type { BackgroundContext } from "../context"
import { type ApiMessage, handleApi } from "./api"
import { type FeedbackMessage, handleFeedback } from "./feedback"
import { type PageMessage, handlePage } from "./page"
import { type ReconnectMessage, handleReconnect } from "./reconnect"
import { type TabInfoMessage, handleTabInfo } from "./tab-info"
import { type TestConnectionMessage, handleTestConnection } from "./test-connection"

export type ToBackground =
  | PageMessage
  | FeedbackMessage
  | ReconnectMessage
  | TestConnectionMessage
  | ApiMessage
  | TabInfoMessage

const KINDS: ReadonlySet<string> = new Set<ToBackground["kind"]>([
  "page",
  "feedback",
  "reconnect",
  "test-connection",
  "api",
  "tab-info"
])

export function isToBackground(message: unknown): message is ToBackground {
  return KINDS.has(kindOf(message) as string)
}

export async function handleMessage(
  ctx: BackgroundContext,
  message: ToBackground,
  sender: chrome.runtime.MessageSender
): Promise<unknown> {
  switch (message.kind) {
    case "page":
      return handlePage(ctx, message, sender)
    case "feedback":
      return handleFeedback(ctx, message)
    case "reconnect":
      return handleReconnect(ctx)
    case "test-connection":
      return handleTestConnection(message)
    case "api":
      return handleApi(message.request)
    case "tab-info":
      return handleTabInfo(ctx, message)
  }
}

// Routes an internal message to its handler: one handler per message kind.
import type { ToBackground } from "../../shared/messages"
import type { BackgroundContext } from "../context"
import { handleApi } from "./api"
import { handleFeedback } from "./feedback"
import { handlePage } from "./page"
import { handleReconnect } from "./reconnect"
import { handleTabInfo } from "./tab-info"
import { handleTestConnection } from "./test-connection"

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

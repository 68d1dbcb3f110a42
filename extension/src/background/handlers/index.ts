// Routes an internal message to its handler: one handler per message kind.
import type { ToBackground } from "../../messages"
import type { BackgroundContext } from "../context"
import { handleFeedback } from "./feedback"
import { handlePage } from "./page"
import { handleReconnect } from "./reconnect"

export function handleMessage(
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
  }
}

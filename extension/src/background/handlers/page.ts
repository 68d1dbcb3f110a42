// Handles `page` from a content script: remember the tab's papers, send them for scoring, and
// tell the tab what to show until the scores arrive.
import type { PageMessage, PageReply } from "../../messages"
import type { BackgroundContext } from "../context"

// shared_schema/page.json: url maxLength.
const MAX_URL = 2000

export async function handlePage(
  ctx: BackgroundContext,
  message: PageMessage,
  sender: chrome.runtime.MessageSender
): Promise<PageReply | undefined> {
  const tabId = sender.tab?.id
  if (tabId === undefined) return undefined
  await ctx.pages.set(tabId, { url: String(message.url).slice(0, MAX_URL), papers: message.papers })
  const frame = ctx.pages.frame(tabId)
  if (frame) ctx.connection.send(frame)
  return { connection: ctx.connection.status, saved_ids: ctx.library.savedIds() }
}

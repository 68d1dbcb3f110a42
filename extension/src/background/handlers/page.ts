// Handles `page` from a content script: remember the tab's papers, send them for scoring (and,
// on a paper page, ask for "more like this"), and tell the tab what to show until the scores
// arrive. The frame leaves before the page is written to storage: the badges wait on the
// server, and only a restarted worker needs the stored copy.
import type { PageShape } from "../../features/page-reader/page-kind"
import type { Paper } from "../../protocol"
import type { ConnectionStatus } from "../../shared/connection-status"
import { isPaperId } from "../../shared/paper-id"
import type { BackgroundContext } from "../context"

/** A tab's papers, from its content script. */
export interface PageMessage {
  kind: "page"
  url: string
  /** What the content script recognised; `unknown` pages send no papers. */
  shape: PageShape
  papers: Paper[]
  /** On a paper page: its id, for "more like this" (recommend with `like`). */
  like?: string
}

/** What the tab shows until the scores arrive. */
export interface PageReply {
  connection: ConnectionStatus
  saved_ids: string[]
  pending_ids: string[]
}

// shared_schema/page.json: url maxLength.
const MAX_URL = 2000

export async function handlePage(
  ctx: BackgroundContext,
  message: PageMessage,
  sender: chrome.runtime.MessageSender
): Promise<PageReply | undefined> {
  const tabId = sender.tab?.id
  if (tabId === undefined) return undefined
  const stored = ctx.pages.set(tabId, {
    url: String(message.url).slice(0, MAX_URL),
    shape: message.shape,
    papers: message.papers,
    ...(isPaperId(message.like) ? { like: message.like } : {})
  })
  const frame = ctx.pages.frame(tabId)
  if (frame) ctx.connection.send(frame)
  const similar = ctx.pages.recommendFrame(tabId)
  if (similar) ctx.connection.send(similar)
  await stored
  const { saved_ids, pending_ids } = ctx.library.message()
  return { connection: ctx.connection.status, saved_ids, pending_ids }
}

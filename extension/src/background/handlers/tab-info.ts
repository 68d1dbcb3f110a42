// Handles `tab-info` from the popup: what the content script made of that tab (a list, a paper
// page, or a shape it does not know), or null when PaperLens is not running in it.
import type { TabInfo, TabInfoMessage } from "../../shared/messages"
import type { BackgroundContext } from "../context"

export async function handleTabInfo(ctx: BackgroundContext, message: TabInfoMessage): Promise<TabInfo | null> {
  const page = ctx.pages.get(Number(message.tabId))
  return page ? { url: page.url, shape: page.shape, papers: page.papers.length } : null
}

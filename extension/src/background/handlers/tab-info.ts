// Handles `tab-info` from the popup: what the content script made of that tab (a list, a paper
// page, or a shape it does not know), or null when PaperLens is not running in it.
import type { PageShape } from "../../features/page-reader/page-kind"
import type { BackgroundContext } from "../context"

/** From the popup, about the tab it reports on. */
export interface TabInfoMessage {
  kind: "tab-info"
  tabId: number
}

export interface TabInfo {
  url: string
  shape: PageShape
  papers: number
}

export async function handleTabInfo(ctx: BackgroundContext, message: TabInfoMessage): Promise<TabInfo | null> {
  const page = ctx.pages.get(Number(message.tabId))
  return page ? { url: page.url, shape: page.shape, papers: page.papers.length } : null
}

// Handles `recommendations`: "for you" answers are kept for the popup (it may open at any
// time); "more like this" answers go to the tab showing that paper page.
import type { Recommendations } from "../../protocol"
import type { BackgroundContext } from "../context"
import { FOR_YOU_REQUEST, storeForYou } from "../for-you"
import { tabIdOf } from "../pages"
import { sendToTab } from "../tabs"

export async function onRecommendations(ctx: BackgroundContext, frame: Recommendations): Promise<void> {
  if (frame.request_id === FOR_YOU_REQUEST) return storeForYou(frame)
  const tabId = tabIdOf(frame.request_id)
  if (tabId !== null && ctx.pages.has(tabId)) sendToTab(tabId, { kind: "recommendations", ...frame })
}

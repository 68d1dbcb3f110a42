// Handles `scores`: deliver them to the tab whose page_id they answer.
import type { Scores } from "../../protocol"
import type { BackgroundContext } from "../context"
import { tabIdOf } from "../pages"
import { sendToTab } from "../tabs"

export function onScores(ctx: BackgroundContext, scores: Scores): void {
  const tabId = tabIdOf(scores.page_id)
  if (tabId !== null && ctx.pages.has(tabId)) sendToTab(tabId, { kind: "scores", ...scores })
}

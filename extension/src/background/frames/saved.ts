// Handles `saved`: the user's library changed (here or in another browser); show it everywhere.
import type { Saved } from "../../protocol"
import type { BackgroundContext } from "../context"
import { broadcast } from "../tabs"

export async function onSaved(ctx: BackgroundContext, saved: Saved): Promise<void> {
  broadcast(ctx.pages.tabIds(), await ctx.library.adoptSaved(saved.saved_ids))
}

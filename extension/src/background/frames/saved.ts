// Handles `saved`: the user's library changed (here or in another browser); show it everywhere.
import type { Saved } from "../../protocol"
import type { BackgroundContext } from "../context"

export function onSaved(ctx: BackgroundContext, saved: Saved): Promise<void> {
  return ctx.library.adoptSaved(saved.saved_ids)
}

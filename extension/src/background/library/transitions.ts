// Owns what a paper's clicks make of it in the user's library, by the rules the server follows
// too (both sides test them against shared_schema/library_transitions.json):
//   save       -> saved, from any state (a dismissal is cleared)
//   unsave     saved -> none; dismissed over a save -> dismissed over nothing
//   dismiss    none -> dismissed; saved -> dismissed over the save
//   undismiss  dismissed -> what it was before
//   open       changes nothing
// The library (library.ts) shows them between a click and the server's word on it.
import type { FeedbackAction } from "../../protocol"

/** `dismissed-saved`: marked "not interested" while saved; Undo brings the save back. */
export type PaperState = "none" | "saved" | "dismissed" | "dismissed-saved"

const NEXT: Record<FeedbackAction, Record<PaperState, PaperState>> = {
  save: { none: "saved", saved: "saved", dismissed: "saved", "dismissed-saved": "saved" },
  unsave: { none: "none", saved: "none", dismissed: "dismissed", "dismissed-saved": "dismissed" },
  dismiss: { none: "dismissed", saved: "dismissed-saved", dismissed: "dismissed", "dismissed-saved": "dismissed-saved" },
  undismiss: { none: "none", saved: "saved", dismissed: "none", "dismissed-saved": "saved" },
  open: { none: "none", saved: "saved", dismissed: "dismissed", "dismissed-saved": "dismissed-saved" }
}

export const isSaved = (state: PaperState): boolean => state === "saved"
export const isDismissed = (state: PaperState): boolean => state === "dismissed" || state === "dismissed-saved"

/** Applies the clicks, in order, to `states` (a paper it does not hold is `none`) and returns it. */
export function applyClicks(
  states: Map<string, PaperState>,
  clicks: Iterable<{ paper_id: string; action: FeedbackAction }>
): Map<string, PaperState> {
  for (const { paper_id, action } of clicks) {
    const next = NEXT[action][states.get(paper_id) ?? "none"]
    if (next === "none") states.delete(paper_id)
    else states.set(paper_id, next)
  }
  return states
}

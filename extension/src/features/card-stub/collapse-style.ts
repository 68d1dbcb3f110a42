// Owns the one rule PaperLens adds to the page itself: a card carrying DISMISSED_ATTR (the
// annotator sets it on a card marked "not interested") shows only its stub (card-stub.ts), one
// line with the title and Undo. Everything else PaperLens draws lives in shadow roots; this rule
// only matches cards carrying our attribute.
import { STUB_TAG } from "./card-stub"

/** Set on a card marked "not interested": the card collapses to its stub. */
export const DISMISSED_ATTR = "data-paperlens-dismissed"

const STYLE_ID = "paperlens-collapse-style"

export function installCollapseStyle(doc: Document): void {
  if (doc.getElementById(STYLE_ID)) return
  const style = doc.createElement("style")
  style.id = STYLE_ID
  // In the site's grid a card is stretched to its row's height: the stub's card is not.
  style.textContent =
    `[${DISMISSED_ATTR}] { align-self: start; }` +
    `[${DISMISSED_ATTR}] > :not(${STUB_TAG}) { display: none !important; }`
  ;(doc.head ?? doc.documentElement).appendChild(style)
}

// Owns the one rule PaperLens adds to the page itself: a card marked "not interested"
// (annotator.ts sets the attribute) is dimmed, and comes back to full strength while the pointer
// or keyboard focus is on it so its Undo stays readable. Everything else PaperLens draws lives in
// shadow roots; this rule only matches cards carrying our attribute.
import { DISMISSED_ATTR } from "./annotator"

const STYLE_ID = "paperlens-dim-style"

export function installDimStyle(doc: Document): void {
  if (doc.getElementById(STYLE_ID)) return
  const style = doc.createElement("style")
  style.id = STYLE_ID
  style.textContent =
    `[${DISMISSED_ATTR}] { transition: opacity .2s, filter .2s; }` +
    `[${DISMISSED_ATTR}]:not(:hover):not(:focus-within) { opacity: .4; filter: grayscale(1); }`
  ;(doc.head ?? doc.documentElement).appendChild(style)
}

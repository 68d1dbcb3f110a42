// Owns the PaperLens element on one paper: a <paperlens-card> host placed right after the
// card's h3 (the title's h1 on a paper page), whose open shadow root holds the relevance badge
// (painted by badge.ts) with its reason, the Save and Not interested toggles, the Undo offer and
// the pending mark. Plain DOM cloned from one template, because a page can hold a hundred cards
// and painting them must fit in a frame.
import type { FeedbackAction, PaperScore } from "../../protocol"
import { el, shadow } from "../dom/dom"
import type { Theme } from "../theme/theme"
import { OVERLAY_CSS } from "./overlay-style"

export const HOST_TAG = "paperlens-card"
/** How long "Not interested" offers its Undo. */
export const UNDO_MS = 6000

export type ActionHandler = (paperId: string, action: FeedbackAction) => void

export interface CardOverlay {
  paperId: string
  host: HTMLElement
  badge: HTMLElement
  tip: HTMLElement
  save: HTMLButtonElement
  dismiss: HTMLButtonElement
  undo: HTMLElement
  pending: HTMLElement
  /** The last score shown, kept to show it marked as stale while offline. */
  lastScore: PaperScore | null
  undoTimer?: ReturnType<typeof setTimeout>
}

const overlays = new WeakMap<HTMLElement, CardOverlay>()
// Looked up at click time so that mounting again (a second run) swaps the handler instead of
// stacking a second listener that would send every click twice.
const handlers = new WeakMap<HTMLElement, ActionHandler>()

let template: { doc: Document; nodes: DocumentFragment } | null = null

/** Built once per document and cloned for each card: cloning is what keeps 100 cards fast. */
function shadowTemplate(doc: Document): DocumentFragment {
  if (template?.doc === doc) return template.nodes
  const nodes = doc.createDocumentFragment()
  nodes.append(
    el(doc, "span", { class: "pl-badge", "data-state": "loading", tabindex: "0", role: "img", "aria-describedby": "tip", "aria-label": "PaperLens relevance: scoring" }, "…"),
    el(doc, "span", { class: "pl-tip", id: "tip", role: "tooltip" }, "Scoring…"),
    el(doc, "button", { type: "button", class: "pl-save", "aria-pressed": "false", "aria-label": "Save paper to PaperLens" }, "Save"),
    el(doc, "button", { type: "button", class: "pl-dismiss", "aria-pressed": "false", "aria-label": "Not interested in this paper" }, "Not interested"),
    el(doc, "span", { class: "pl-undo", role: "status", hidden: "" }, "Hidden from your ranking. ", el(doc, "button", { type: "button", class: "pl-undo-button" }, "Undo")),
    el(doc, "span", { class: "pl-pending", hidden: "", title: "The server is not reachable; this click is kept and will be delivered when it is back" }, "pending")
  )
  template = { doc, nodes }
  return nodes
}

function create(card: HTMLElement, paperId: string, theme: Theme): CardOverlay {
  const doc = card.ownerDocument
  const host = doc.createElement(HOST_TAG)
  host.setAttribute("data-paper-id", paperId)
  host.setAttribute("data-theme", theme)
  const nodes = shadowTemplate(doc).cloneNode(true) as DocumentFragment
  // The template's children, in its order: indexing is cheaper than six selector queries.
  const [badge, tip, save, dismiss, undo, pending] = [...nodes.children] as HTMLElement[]
  shadow(host, OVERLAY_CSS, nodes)
  const overlay: CardOverlay = {
    paperId,
    host,
    badge,
    tip,
    save: save as HTMLButtonElement,
    dismiss: dismiss as HTMLButtonElement,
    undo,
    pending,
    lastScore: null
  }
  // The card may be wrapped in the site's own link or click handling: these clicks are ours.
  const own = (button: HTMLElement, act: () => FeedbackAction) =>
    button.addEventListener("click", (event) => {
      event.preventDefault()
      event.stopPropagation()
      handlers.get(host)?.(paperId, act())
    })
  own(overlay.save, () => {
    const action = isSaved(overlay) ? "unsave" : "save"
    setSaved(overlay, action === "save")
    return action
  })
  own(overlay.dismiss, () => {
    const action = isDismissed(overlay) ? "undismiss" : "dismiss"
    setDismissed(overlay, action === "dismiss")
    if (action === "dismiss") offerUndo(overlay)
    return action
  })
  own(undo.lastElementChild as HTMLElement, () => {
    setDismissed(overlay, false)
    overlay.dismiss.focus()
    return "undismiss"
  })
  const heading = card.querySelector("h3") ?? card.querySelector(":scope > h1")
  if (heading) heading.after(host)
  else card.prepend(host)
  return overlay
}

/**
 * Idempotent: a card gets one host however often this runs. A host for another paper (the site
 * reused the card element for a different paper) is removed.
 */
export function mountOverlay(card: HTMLElement, paperId: string, onAction: ActionHandler, theme: Theme = "light"): CardOverlay {
  let overlay: CardOverlay | undefined
  for (const host of card.querySelectorAll<HTMLElement>(HOST_TAG)) {
    const mine = overlays.get(host)
    // A host left by another copy of this script has no entry here: replace it too.
    if (!overlay && mine && host.getAttribute("data-paper-id") === paperId) overlay = mine
    else host.remove()
  }
  if (!overlay) {
    overlay = create(card, paperId, theme)
    overlays.set(overlay.host, overlay)
  }
  handlers.set(overlay.host, onAction)
  return overlay
}

export function setTheme(overlay: CardOverlay, theme: Theme): void {
  overlay.host.setAttribute("data-theme", theme)
}

export function isSaved(overlay: CardOverlay): boolean {
  return overlay.save.getAttribute("aria-pressed") === "true"
}

export function setSaved(overlay: CardOverlay, saved: boolean): void {
  if (isSaved(overlay) === saved) return
  overlay.save.setAttribute("aria-pressed", String(saved))
  overlay.save.textContent = saved ? "Saved" : "Save"
}

function isDismissed(overlay: CardOverlay): boolean {
  return overlay.dismiss.getAttribute("aria-pressed") === "true"
}

export function setDismissed(overlay: CardOverlay, dismissed: boolean): void {
  overlay.dismiss.setAttribute("aria-pressed", String(dismissed))
  overlay.dismiss.textContent = dismissed ? "Not interested ✓" : "Not interested"
  if (!dismissed) hideUndo(overlay)
}

function offerUndo(overlay: CardOverlay): void {
  clearTimeout(overlay.undoTimer)
  overlay.undo.hidden = false
  overlay.undoTimer = setTimeout(() => hideUndo(overlay), UNDO_MS)
}

function hideUndo(overlay: CardOverlay): void {
  clearTimeout(overlay.undoTimer)
  overlay.undo.hidden = true
}

export function setPending(overlay: CardOverlay, pending: boolean): void {
  if (overlay.pending.hidden === pending) overlay.pending.hidden = !pending
}

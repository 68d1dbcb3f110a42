// Owns the PaperLens element on one paper card: a <paperlens-card> host placed right after the
// card's h3, whose open shadow root holds the relevance badge and the Save toggle. Plain DOM
// cloned from one template, because a page can hold a hundred cards and painting them must fit
// in a frame.
import type { PaperScore } from "../protocol"
import { OVERLAY_CSS } from "./overlay-style"

export const HOST_TAG = "paperlens-card"

export type BadgeState = "loading" | "personal" | "popular" | "offline"
export type SaveAction = "save" | "unsave"
export type ToggleHandler = (paperId: string, action: SaveAction) => void

export interface CardOverlay {
  paperId: string
  host: HTMLElement
  badge: HTMLElement
  save: HTMLButtonElement
}

const overlays = new WeakMap<HTMLElement, CardOverlay>()
// Looked up at click time so that mounting again (a second run) swaps the handler instead of
// stacking a second listener that would toggle twice.
const handlers = new WeakMap<HTMLElement, ToggleHandler>()

let template: HTMLTemplateElement | null = null

function shadowTemplate(doc: Document): HTMLTemplateElement {
  if (template?.ownerDocument === doc) return template
  template = doc.createElement("template")
  template.innerHTML =
    `<style>${OVERLAY_CSS}</style>` +
    `<span class="pl-badge" data-state="loading" title="Scoring…">…</span>` +
    `<button type="button" class="pl-save" aria-pressed="false"` +
    ` aria-label="Save paper to PaperLens">Save</button>`
  return template
}

function create(card: HTMLElement, paperId: string): CardOverlay {
  const doc = card.ownerDocument
  const host = doc.createElement(HOST_TAG)
  host.setAttribute("data-paper-id", paperId)
  const root = host.attachShadow({ mode: "open" })
  root.appendChild(shadowTemplate(doc).content.cloneNode(true))
  const overlay: CardOverlay = {
    paperId,
    host,
    badge: root.querySelector<HTMLElement>(".pl-badge")!,
    save: root.querySelector<HTMLButtonElement>(".pl-save")!
  }
  overlay.save.addEventListener("click", (event) => {
    // The card may be wrapped in the site's own click handling; this click is ours alone.
    event.preventDefault()
    event.stopPropagation()
    const action: SaveAction = isSaved(overlay) ? "unsave" : "save"
    setSaved(overlay, action === "save")
    handlers.get(host)?.(paperId, action)
  })
  const heading = card.querySelector("h3")
  if (heading) heading.after(host)
  else card.prepend(host)
  return overlay
}

/** Idempotent: a card gets one host however often this runs. */
export function mountOverlay(card: HTMLElement, paperId: string, onToggle: ToggleHandler): CardOverlay {
  const existing = Array.from(card.querySelectorAll<HTMLElement>(HOST_TAG)).find(
    (host) => host.getAttribute("data-paper-id") === paperId
  )
  let overlay = existing ? overlays.get(existing) : undefined
  if (!overlay) {
    // A host left by another copy of this script has no entry here: replace it.
    existing?.remove()
    overlay = create(card, paperId)
    overlays.set(overlay.host, overlay)
  }
  handlers.set(overlay.host, onToggle)
  return overlay
}

export function badgeState(overlay: CardOverlay): BadgeState {
  return overlay.badge.getAttribute("data-state") as BadgeState
}

function paintBadge(overlay: CardOverlay, state: BadgeState, text: string, title: string): void {
  const { badge } = overlay
  badge.setAttribute("data-state", state)
  badge.textContent = text
  badge.title = title
}

export function showLoading(overlay: CardOverlay): void {
  overlay.badge.style.removeProperty("--pl-hue")
  paintBadge(overlay, "loading", "…", "Scoring…")
}

export function showOffline(overlay: CardOverlay, reason: string): void {
  overlay.badge.style.removeProperty("--pl-hue")
  paintBadge(overlay, "offline", "offline", reason)
}

export function showScore(overlay: CardOverlay, score: PaperScore): void {
  const value = Math.round(Math.min(1, Math.max(0, score.score)) * 100)
  // Red (0) through amber to green (100): the eye reads the colour before the number.
  overlay.badge.style.setProperty("--pl-hue", String(Math.round(value * 1.2)))
  const text = score.label === "popular" ? `${value} · popular` : String(value)
  paintBadge(overlay, score.label, text, score.reason)
}

export function isSaved(overlay: CardOverlay): boolean {
  return overlay.save.getAttribute("aria-pressed") === "true"
}

export function setSaved(overlay: CardOverlay, saved: boolean): void {
  overlay.save.setAttribute("aria-pressed", String(saved))
  overlay.save.textContent = saved ? "Saved" : "Save"
}

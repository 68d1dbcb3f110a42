// Owns painting a card's relevance badge: its state (loading, personal, popular, offline), the
// number, its colour, the label a screen reader says and the reason in its tooltip. While the
// server is away a score shown before stays, marked as not current.
import type { PaperScore } from "../../protocol"
import type { CardOverlay } from "./overlay"

export type BadgeState = "loading" | "personal" | "popular" | "offline"

export function badgeState(overlay: CardOverlay): BadgeState {
  return overlay.badge.getAttribute("data-state") as BadgeState
}

function paintBadge(overlay: CardOverlay, state: BadgeState, text: string, label: string, tip: string): void {
  const { badge } = overlay
  badge.setAttribute("data-state", state)
  badge.textContent = text
  badge.setAttribute("aria-label", `PaperLens relevance: ${label}`)
  overlay.tip.textContent = tip
}

const percent = (score: PaperScore) => Math.round(Math.min(1, Math.max(0, score.score)) * 100)

export function showLoading(overlay: CardOverlay): void {
  overlay.badge.removeAttribute("data-stale")
  overlay.badge.style.removeProperty("--pl-hue")
  paintBadge(overlay, "loading", "…", "scoring", "Scoring…")
}

/** With a score shown before, the number stays, marked as not current. */
export function showOffline(overlay: CardOverlay, reason: string): void {
  const last = overlay.lastScore
  if (last) {
    const value = percent(last)
    overlay.badge.setAttribute("data-stale", "true")
    paintBadge(overlay, "offline", `${value} · offline`, `${value} of 100, last known (offline)`, `${reason}. Last score: ${last.reason}`)
  } else {
    overlay.badge.removeAttribute("data-stale")
    paintBadge(overlay, "offline", "offline", "offline", reason)
  }
  overlay.badge.style.removeProperty("--pl-hue")
}

export function showScore(overlay: CardOverlay, score: PaperScore): void {
  overlay.lastScore = score
  const value = percent(score)
  // The rank on this page, for "For me" and for anyone inspecting the page.
  overlay.host.setAttribute("data-rank", String(score.rank))
  overlay.badge.removeAttribute("data-stale")
  // Red (0) through amber to green (100): the eye reads the colour before the number.
  overlay.badge.style.setProperty("--pl-hue", String(Math.round(value * 1.2)))
  if (score.label === "popular") {
    paintBadge(overlay, "popular", `${value} · popular`, `${value} of 100 by popularity, not personal yet`, score.reason)
  } else {
    paintBadge(overlay, "personal", String(value), `${value} of 100`, score.reason)
  }
}

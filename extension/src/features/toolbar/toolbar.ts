// Owns the PaperLens bar above a list of papers: the "Site order" / "For me" toggle and a short
// status line (offline, clicks pending). One <paperlens-toolbar> host with an open shadow root,
// placed right before the element holding the cards.
import { el, shadow } from "../dom/dom"
import type { RankMode } from "../for-me/rank-mode"
import type { Theme } from "../theme/theme"

export const TOOLBAR_TAG = "paperlens-toolbar"

const CSS = `
:host { all: initial; display: flex; flex-wrap: wrap; align-items: center; gap: 8px; margin: 8px 0;
  font: 500 13px/1.2 system-ui, -apple-system, "Segoe UI", sans-serif;
  --fg: #1f2937; --muted: #4b5563; --line: #9ca3af; --bg: #fff; --accent: #1d4ed8; --focus: #2563eb; }
:host([data-theme="dark"]) { --fg: #f3f4f6; --muted: #d1d5db; --line: #6b7280; --bg: #111827;
  --accent: #3b82f6; --focus: #93c5fd; }
.name { font-weight: 700; color: var(--fg); }
[role="group"] { display: inline-flex; border: 1px solid var(--line); border-radius: 999px; overflow: hidden; }
button { all: unset; cursor: pointer; padding: 4px 12px; color: var(--fg); background: var(--bg); }
button[aria-pressed="true"] { color: #fff; background: var(--accent); }
button:focus-visible { outline: 2px solid var(--focus); outline-offset: -2px; }
.status { color: var(--muted); }
`

export interface Toolbar {
  host: HTMLElement
  setMode(mode: RankMode): void
  setStatus(text: string): void
  setTheme(theme: Theme): void
}

export function mountToolbar(before: Element, theme: Theme, onMode: (mode: RankMode) => void): Toolbar {
  const doc = before.ownerDocument
  doc.querySelectorAll(TOOLBAR_TAG).forEach((old) => old.remove())
  const host = doc.createElement(TOOLBAR_TAG)
  host.setAttribute("data-theme", theme)
  const order = (mode: RankMode, label: string) =>
    el(doc, "button", { type: "button", class: "pl-order", "data-mode": mode, "aria-pressed": "false" }, label) as HTMLButtonElement
  const buttons = [order("site", "Site order"), order("forme", "For me")]
  const status = el(doc, "span", { class: "status", role: "status" })
  shadow(
    host,
    CSS,
    el(doc, "span", { class: "name" }, "PaperLens"),
    el(doc, "span", { role: "group", "aria-label": "Order of the papers" }, ...buttons),
    status
  )
  for (const button of buttons) {
    button.addEventListener("click", (event) => {
      event.preventDefault()
      onMode(button.dataset.mode as RankMode)
    })
  }
  before.before(host)
  // Line up with the cards (the container's own padding, as inline style on our own host), read
  // at the next frame, when the browser computes styles anyway, not forced in the middle of a scan.
  const win = doc.defaultView
  win?.requestAnimationFrame(() => {
    const padding = win.getComputedStyle(before).paddingLeft
    if (padding) host.style.paddingLeft = padding
  })
  return {
    host,
    setMode(mode) {
      for (const button of buttons) button.setAttribute("aria-pressed", String(button.dataset.mode === mode))
      host.setAttribute("data-mode", mode)
    },
    setStatus(text) {
      if (status.textContent !== text) status.textContent = text
    },
    setTheme(next) {
      host.setAttribute("data-theme", next)
    }
  }
}

// Owns the one-line stub a list card collapses to when its paper is marked "not interested": a
// <paperlens-stub> host placed first in the card, whose open shadow root names the paper and
// offers Undo. While the card carries DISMISSED_ATTR, collapse-style.ts hides everything else in
// it, so the card keeps its place (and its moves in "For me") as one line.
import { el, shadow } from "../dom/dom"
import type { Theme } from "../theme/theme"

export const STUB_TAG = "paperlens-stub"

const CSS = `
:host { all: initial; display: flex; align-items: center; gap: 8px; padding: 8px 14px;
  font: 500 13px/1.3 system-ui, -apple-system, "Segoe UI", sans-serif;
  --fg: #1f2937; --muted: #4b5563; --line: #9ca3af; --bg: #fff; --focus: #2563eb; }
:host([data-theme="dark"]) { --fg: #f3f4f6; --muted: #d1d5db; --line: #6b7280; --bg: #111827;
  --focus: #93c5fd; }
.label { color: var(--muted); white-space: nowrap; }
.title { flex: 1; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap;
  color: var(--fg); }
button { all: unset; cursor: pointer; padding: 2px 10px; border-radius: 999px; font-weight: 700;
  border: 1px solid var(--line); color: var(--fg); background: var(--bg); }
button:hover { border-color: var(--muted); }
button:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; }
`

export interface CardStub {
  host: HTMLElement
  undo: HTMLButtonElement
}

export function mountStub(card: HTMLElement, paperId: string, title: string, theme: Theme, onUndo: () => void): CardStub {
  const doc = card.ownerDocument
  for (const old of card.querySelectorAll(`:scope > ${STUB_TAG}`)) old.remove()
  const host = doc.createElement(STUB_TAG)
  host.setAttribute("data-paper-id", paperId)
  host.setAttribute("data-theme", theme)
  const undo = el(doc, "button", { type: "button", class: "pl-undo-button", "aria-label": `Undo: show ${title} again` }, "Undo") as HTMLButtonElement
  // The card may be wrapped in the site's own link or click handling: this click is ours.
  undo.addEventListener("click", (event) => {
    event.preventDefault()
    event.stopPropagation()
    onUndo()
  })
  shadow(
    host,
    CSS,
    el(doc, "span", { class: "label" }, "Not interested:"),
    el(doc, "span", { class: "title", title }, title),
    undo
  )
  card.prepend(host)
  return { host, undo }
}

export function setStubTheme(stub: CardStub, theme: Theme): void {
  stub.host.setAttribute("data-theme", theme)
}

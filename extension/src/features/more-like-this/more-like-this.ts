// Owns the "More like this" list on a paper page: papers from the user's corpus ranked by
// similarity to this one (recommend with `like`), each linking to its paper page. One
// <paperlens-similar> host with an open shadow root, right after the title block; refreshed
// whenever the server pushes new recommendations.
import type { Recommendation } from "../../protocol"
import { el, shadow } from "../dom/dom"
import type { Theme } from "../theme/theme"

export const SIMILAR_TAG = "paperlens-similar"

const CSS = `
:host { all: initial; display: block; margin: 12px 0; padding: 10px 14px; border-radius: 10px;
  border: 1px solid var(--line); font: 400 13px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif;
  --fg: #1f2937; --muted: #4b5563; --line: #d1d5db; --link: #1d4ed8; --focus: #2563eb; color: var(--fg); }
:host([data-theme="dark"]) { --fg: #f3f4f6; --muted: #d1d5db; --line: #4b5563; --link: #93c5fd; --focus: #93c5fd; }
h2 { font-size: 13px; margin: 0 0 6px; }
ol { margin: 0; padding-left: 1.4em; }
li { margin: 3px 0; }
a { color: var(--link); text-decoration: none; }
a:hover { text-decoration: underline; }
a:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; }
.score { color: var(--muted); font-variant-numeric: tabular-nums; margin-left: 6px; }
.empty { color: var(--muted); margin: 0; }
`

export interface SimilarPanel {
  host: HTMLElement
  show(papers: readonly Recommendation[]): void
  setTheme(theme: Theme): void
}

export function mountSimilar(after: Element, theme: Theme): SimilarPanel {
  const doc = after.ownerDocument
  doc.querySelectorAll(SIMILAR_TAG).forEach((old) => old.remove())
  const host = doc.createElement(SIMILAR_TAG)
  host.setAttribute("data-theme", theme)
  const list = el(doc, "ol", { hidden: "" })
  const empty = el(doc, "p", { class: "empty" }, "Waiting for the PaperLens server…")
  shadow(
    host,
    CSS,
    el(doc, "section", { "aria-labelledby": "h" }, el(doc, "h2", { id: "h" }, "More like this · PaperLens"), empty, list)
  )
  after.after(host)
  return {
    host,
    show(papers) {
      list.replaceChildren(
        ...papers.map((item) => {
          const li = doc.createElement("li")
          const link = doc.createElement("a")
          link.href = `/papers/${item.paper.id}`
          link.textContent = item.paper.title
          link.title = item.reason
          const score = doc.createElement("span")
          score.className = "score"
          score.textContent = String(Math.round(item.score * 100))
          score.setAttribute("aria-label", `similarity ${score.textContent} of 100`)
          li.append(link, score)
          return li
        })
      )
      list.hidden = papers.length === 0
      empty.hidden = papers.length > 0
      empty.textContent = "No similar papers in your PaperLens corpus yet."
    },
    setTheme(theme) {
      host.setAttribute("data-theme", theme)
    }
  }
}

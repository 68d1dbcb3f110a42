import { describe, expect, it, vi } from "vitest"

import { PageAnnotator } from "../src/lib/annotator"
import { HOST_TAG } from "../src/lib/overlay"
import { readPage } from "../src/lib/read-papers"
import { fixture } from "./helpers"

function setup() {
  const doc = fixture("json-island.html")
  const { papers, cards } = readPage(doc)
  const send = vi.fn()
  const annotator = new PageAnnotator(papers, cards, send)
  const badge = (id: string) =>
    doc.querySelector(`${HOST_TAG}[data-paper-id="${id}"]`)!.shadowRoot!.querySelector<HTMLElement>(".pl-badge")!
  const save = (id: string) =>
    doc.querySelector(`${HOST_TAG}[data-paper-id="${id}"]`)!.shadowRoot!.querySelector<HTMLButtonElement>(".pl-save")!
  return { annotator, send, badge, save }
}

describe("PageAnnotator", () => {
  it("paints only papers that have a card", () => {
    expect(setup().annotator.size).toBe(2)
  })

  it("turns waiting badges offline when the server cannot be reached, and back", () => {
    const { annotator, badge } = setup()
    annotator.applyConnection("offline", "Server not reachable at http://127.0.0.1:8377")
    expect(badge("2403.06634").dataset.state).toBe("offline")
    expect(badge("2403.06634").textContent).toBe("offline")
    annotator.applyConnection("connecting", "Connecting…")
    expect(badge("2403.06634").dataset.state).toBe("loading")
  })

  it("paints scores by paper id and keeps them while offline", () => {
    const { annotator, badge } = setup()
    annotator.handle({
      kind: "scores",
      type: "scores",
      page_id: "tab-1",
      model_version: 0,
      personal: false,
      papers: [
        { id: "2403.06504", score: 0.91, rank: 1, label: "popular", reason: "38 upvotes", saved: false, dismissed: false },
        { id: "not-on-page", score: 0.5, rank: 2, label: "popular", reason: "", saved: false, dismissed: false }
      ]
    })
    annotator.applyConnection("offline", "gone")
    expect(badge("2403.06504").textContent).toBe("91 · popular")
    expect(badge("2403.06634").dataset.state).toBe("offline")
  })

  it("shows the saved set and sends feedback with the paper record", () => {
    const { annotator, send, save } = setup()
    annotator.handle({ kind: "saved", saved_ids: ["2403.06504"] })
    expect(save("2403.06504").getAttribute("aria-pressed")).toBe("true")
    expect(save("2403.06634").getAttribute("aria-pressed")).toBe("false")
    save("2403.06504").click()
    expect(send).toHaveBeenCalledWith({
      kind: "feedback",
      action: "unsave",
      paper_id: "2403.06504",
      paper: expect.objectContaining({ id: "2403.06504", title: expect.any(String) })
    })
  })
})

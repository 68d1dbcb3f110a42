import { describe, expect, it, vi } from "vitest"

import { PageAnnotator } from "../../../src/features/annotator/annotator"
import { HOST_TAG } from "../../../src/features/card-overlay/overlay"
import { STUB_TAG } from "../../../src/features/card-stub/card-stub"
import { DISMISSED_ATTR } from "../../../src/features/card-stub/collapse-style"
import type { PaperScore } from "../../../src/protocol"
import { fixture, readPage } from "../../helpers"

/** `live`: in the window's own document, where focus can move (not in a parsed fixture). */
function setup(live = false) {
  const parsed = fixture("json-island.html")
  if (live) document.documentElement.replaceWith(document.adoptNode(parsed.documentElement))
  const doc = live ? document : parsed
  const { papers, cards } = readPage(doc, new URL("https://huggingface.co/papers"))
  const send = vi.fn()
  const annotator = new PageAnnotator(send)
  annotator.sync(cards)
  annotator.setPapers(papers)
  const root = (id: string) => doc.querySelector(`${HOST_TAG}[data-paper-id="${id}"]`)!.shadowRoot!
  const badge = (id: string) => root(id).querySelector<HTMLElement>(".pl-badge")!
  const save = (id: string) => root(id).querySelector<HTMLButtonElement>(".pl-save")!
  const dismiss = (id: string) => root(id).querySelector<HTMLButtonElement>(".pl-dismiss")!
  return { doc, annotator, send, badge, save, dismiss, papers, cards }
}

const score = (id: string, value: number, rank: number, extra: Partial<PaperScore> = {}): PaperScore => ({
  id,
  score: value,
  rank,
  label: "popular",
  reason: "upvotes",
  saved: false,
  dismissed: false,
  ...extra
})

describe("PageAnnotator", () => {
  it("paints only papers that have a card, and says when the set of papers changed", () => {
    const { annotator, cards } = setup()
    expect(annotator.size).toBe(2)
    expect(annotator.sync(cards)).toBe(false)
    expect(annotator.sync(new Map([...cards].slice(1)))).toBe(true)
    expect(annotator.size).toBe(1)
  })

  it("paints a score that arrived before its card as soon as the card is mounted", () => {
    const { annotator, cards, badge } = setup()
    const [first, second] = [...cards]
    annotator.sync(new Map([first]))
    annotator.applyScores([score(second[0], 0.42, 1, { dismissed: true })])
    annotator.sync(new Map([first, second]))
    expect([badge(second[0]).dataset.state, badge(second[0]).textContent]).toEqual(["popular", "42 · popular"])
    expect(second[1].hasAttribute(DISMISSED_ATTR)).toBe(true)
  })

  it("turns waiting badges offline when the server cannot be reached, and back", () => {
    const { annotator, badge } = setup()
    annotator.applyConnection("offline", "Server not reachable at http://127.0.0.1:8377")
    expect([badge("2403.06634").dataset.state, badge("2403.06634").textContent]).toEqual(["offline", "offline"])
    annotator.applyConnection("connecting", "Connecting…")
    expect(badge("2403.06634").dataset.state).toBe("loading")
  })

  it("paints scores by paper id; offline keeps them, marked stale; back online shows them again", () => {
    const { annotator, badge } = setup()
    annotator.handle({
      kind: "scores",
      type: "scores",
      page_id: "tab-1",
      model_version: 0,
      personal: false,
      papers: [score("2403.06504", 0.91, 1), score("not-on-page", 0.5, 2)]
    })
    expect(badge("2403.06504").textContent).toBe("91 · popular")
    annotator.applyConnection("offline", "gone")
    expect([badge("2403.06504").dataset.state, badge("2403.06504").textContent]).toEqual(["offline", "91 · offline"])
    expect(badge("2403.06634").textContent).toBe("offline")
    annotator.applyConnection("connected", "Connected as a")
    expect(badge("2403.06504").textContent).toBe("91 · popular")
    expect(annotator.rankMap().get("2403.06504")).toBe(1)
  })

  it("shows the saved set and pending clicks, and sends feedback with the paper record", () => {
    const { annotator, send, save, doc } = setup()
    annotator.handle({ kind: "saved", saved_ids: ["2403.06504"], pending_ids: ["2403.06504"] })
    expect(save("2403.06504").getAttribute("aria-pressed")).toBe("true")
    expect(save("2403.06634").getAttribute("aria-pressed")).toBe("false")
    const pending = doc.querySelector(`${HOST_TAG}[data-paper-id="2403.06504"]`)!.shadowRoot!.querySelector<HTMLElement>(".pl-pending")!
    expect(pending.hidden).toBe(false)
    save("2403.06504").click()
    expect(send).toHaveBeenCalledWith({
      kind: "feedback",
      action: "unsave",
      paper_id: "2403.06504",
      paper: expect.objectContaining({ id: "2403.06504", title: expect.any(String) })
    })
  })

  it("repaints only the cards whose saved or pending state a push changed", () => {
    const { annotator, save } = setup()
    annotator.handle({ kind: "saved", saved_ids: [], pending_ids: [] })
    // Clicked here; the push that shows this click has not come back yet.
    save("2403.06634").click()
    annotator.handle({ kind: "saved", saved_ids: ["2403.06504"], pending_ids: ["2403.06504"] })
    expect(save("2403.06634").getAttribute("aria-pressed")).toBe("true")
    expect(save("2403.06504").getAttribute("aria-pressed")).toBe("true")
  })

  it("marks a card not interested, and unmarks it on undo or when the server says so", () => {
    const { annotator, send, dismiss, cards } = setup()
    dismiss("2403.06634").click()
    expect(cards.get("2403.06634")!.hasAttribute(DISMISSED_ATTR)).toBe(true)
    expect(send).toHaveBeenLastCalledWith(expect.objectContaining({ action: "dismiss", paper_id: "2403.06634" }))
    annotator.applyScores([score("2403.06634", 0.1, 2, { dismissed: false })])
    expect(cards.get("2403.06634")!.hasAttribute(DISMISSED_ATTR)).toBe(false)
    annotator.applyScores([score("2403.06634", 0.1, 2, { dismissed: true })])
    expect(dismiss("2403.06634").getAttribute("aria-pressed")).toBe("true")
  })

  it("collapses a dismissed card to a stub with its title, and Undo restores it, keeping the focus", () => {
    const { annotator, send, dismiss, cards, doc } = setup(true)
    const card = cards.get("2403.06634")!
    dismiss("2403.06634").click()
    const stub = card.querySelector<HTMLElement>(`:scope > ${STUB_TAG}`)!
    const undo = stub.shadowRoot!.querySelector<HTMLButtonElement>("button.pl-undo-button")!
    expect(stub.shadowRoot!.textContent).toContain(annotator.paper("2403.06634")!.title)
    expect(stub.shadowRoot!.activeElement).toBe(undo)
    undo.click()
    expect(card.hasAttribute(DISMISSED_ATTR)).toBe(false)
    expect(card.querySelector(STUB_TAG)).toBeNull()
    expect(dismiss("2403.06634").getAttribute("aria-pressed")).toBe("false")
    expect(doc.querySelector(`${HOST_TAG}[data-paper-id="2403.06634"]`)!.shadowRoot!.activeElement).toBe(dismiss("2403.06634"))
    expect(send.mock.calls.map(([m]) => m.action)).toEqual(["dismiss", "undismiss"])
  })

  it("leaves no trace when the page view ends", () => {
    const { annotator, doc, dismiss } = setup()
    dismiss("2403.06634").click()
    annotator.dispose()
    expect(doc.querySelectorAll(HOST_TAG)).toHaveLength(0)
    expect(doc.querySelectorAll(`[${DISMISSED_ATTR}], ${STUB_TAG}`)).toHaveLength(0)
  })
})

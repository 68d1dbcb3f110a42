import { describe, expect, it, vi } from "vitest"

import { HOST_TAG, isSaved, mountOverlay, showOffline, showScore } from "../src/lib/overlay"
import { readPage } from "../src/lib/read-papers"
import { fixture } from "./helpers"

function mountAll(doc: Document, onToggle = vi.fn()) {
  const { papers, cards } = readPage(doc)
  return papers.map((p) => mountOverlay(cards.get(p.id)!, p.id, onToggle))
}

describe("overlay", () => {
  it("puts one host right after each card's h3, with an open shadow root", () => {
    const doc = fixture("cards-only.html")
    mountAll(doc)
    const hosts = doc.querySelectorAll(HOST_TAG)
    expect(hosts).toHaveLength(3)
    for (const host of hosts) {
      expect(host.previousElementSibling?.tagName).toBe("H3")
      const badge = host.shadowRoot!.querySelector(".pl-badge")!
      expect(badge.getAttribute("data-state")).toBe("loading")
      expect(badge.textContent).toBe("…")
      const save = host.shadowRoot!.querySelector("button.pl-save")!
      expect(save.getAttribute("aria-pressed")).toBe("false")
      expect(save.textContent).toBe("Save")
      expect(host.shadowRoot!.querySelector("style")).not.toBeNull()
    }
  })

  it("is idempotent: mounting twice leaves one host per card", () => {
    const doc = fixture("json-island.html")
    const first = mountAll(doc)
    const second = mountAll(doc)
    expect(doc.querySelectorAll(HOST_TAG)).toHaveLength(2)
    expect(second.map((o) => o.host)).toEqual(first.map((o) => o.host))
    for (const card of doc.querySelectorAll("article")) {
      expect(card.querySelectorAll(HOST_TAG)).toHaveLength(1)
    }
  })

  it("toggles Save optimistically and reports each click once, even after a re-mount", () => {
    const doc = fixture("cards-only.html")
    const stale = vi.fn()
    const fresh = vi.fn()
    mountAll(doc, stale)
    const [overlay] = mountAll(doc, fresh)
    overlay.save.click()
    expect(isSaved(overlay)).toBe(true)
    expect(overlay.save.textContent).toBe("Saved")
    overlay.save.click()
    expect(isSaved(overlay)).toBe(false)
    expect(fresh.mock.calls).toEqual([
      ["2403.06634", "save"],
      ["2403.06634", "unsave"]
    ])
    expect(stale).not.toHaveBeenCalled()
  })

  it("shows scores as integers, the prior distinctly, and offline with a reason", () => {
    const [a, b, c] = mountAll(fixture("cards-only.html"))
    showScore(a, { id: a.paperId, score: 0.8712, rank: 1, label: "personal", reason: "like your saves", saved: false, dismissed: false })
    showScore(b, { id: b.paperId, score: 0.4, rank: 2, label: "popular", reason: "63 upvotes", saved: false, dismissed: false })
    showOffline(c, "Server not reachable at http://127.0.0.1:8377")
    expect([a.badge.dataset.state, a.badge.textContent, a.badge.title]).toEqual(["personal", "87", "like your saves"])
    expect([b.badge.dataset.state, b.badge.textContent]).toEqual(["popular", "40 · popular"])
    expect([c.badge.dataset.state, c.badge.textContent]).toEqual(["offline", "offline"])
    expect(c.badge.title).toMatch(/not reachable/)
  })
})

import { afterEach, describe, expect, it, vi } from "vitest"

import { showLoading, showOffline, showScore } from "../../../src/features/card-overlay/badge"
import { HOST_TAG, UNDO_MS, isSaved, mountOverlay } from "../../../src/features/card-overlay/overlay"
import { fixture, readPage } from "../../helpers"

function mountAll(doc: Document, onAction = vi.fn()) {
  const { papers, cards } = readPage(doc, new URL("https://huggingface.co/papers"))
  return papers.map((p) => mountOverlay(cards.get(p.id)!, p.id, onAction))
}

const score = (id: string, value: number, label: "personal" | "popular", reason = "because") => ({
  id,
  score: value,
  rank: 1,
  label,
  reason,
  saved: false,
  dismissed: false
})

afterEach(() => vi.useRealTimers())

describe("overlay", () => {
  it("puts one host right after each card's h3, with an open shadow root and its own styles", () => {
    const doc = fixture("cards-only.html")
    mountAll(doc)
    const hosts = doc.querySelectorAll(HOST_TAG)
    expect(hosts).toHaveLength(3)
    for (const host of hosts) {
      expect(host.previousElementSibling?.tagName).toBe("H3")
      const root = host.shadowRoot!
      const badge = root.querySelector(".pl-badge")!
      expect([badge.getAttribute("data-state"), badge.textContent]).toEqual(["loading", "…"])
      expect(badge.getAttribute("tabindex")).toBe("0")
      expect(root.querySelector("button.pl-save")!.getAttribute("aria-pressed")).toBe("false")
      expect(root.querySelector("button.pl-dismiss")!.getAttribute("aria-label")).toBe("Not interested in this paper")
      expect(root.querySelector("style")).not.toBeNull()
    }
  })

  it("is idempotent: mounting twice leaves one host per card", () => {
    const doc = fixture("json-island.html")
    const first = mountAll(doc)
    const second = mountAll(doc)
    expect(doc.querySelectorAll(HOST_TAG)).toHaveLength(2)
    expect(second.map((o) => o.host)).toEqual(first.map((o) => o.host))
  })

  it("replaces the host of another paper when the site reuses a card", () => {
    const doc = fixture("cards-only.html")
    const [overlay] = mountAll(doc)
    const card = overlay.host.closest("article")!
    const again = mountOverlay(card, "2499.00001", vi.fn())
    expect([...card.querySelectorAll(HOST_TAG)]).toEqual([again.host])
  })

  it("toggles Save optimistically and reports each click once, even after a re-mount", () => {
    const doc = fixture("cards-only.html")
    const stale = vi.fn()
    const fresh = vi.fn()
    mountAll(doc, stale)
    const [overlay] = mountAll(doc, fresh)
    overlay.save.click()
    expect([isSaved(overlay), overlay.save.textContent]).toEqual([true, "Saved"])
    overlay.save.click()
    expect(isSaved(overlay)).toBe(false)
    expect(fresh.mock.calls).toEqual([
      ["2403.06634", "save"],
      ["2403.06634", "unsave"]
    ])
    expect(stale).not.toHaveBeenCalled()
  })

  it("offers Undo after Not interested for a few seconds; Undo sends undismiss", () => {
    vi.useFakeTimers()
    const onAction = vi.fn()
    const [overlay] = mountAll(fixture("cards-only.html"), onAction)
    overlay.dismiss.click()
    expect(overlay.dismiss.getAttribute("aria-pressed")).toBe("true")
    expect(overlay.undo.hidden).toBe(false)
    overlay.undo.querySelector("button")!.click()
    expect(overlay.dismiss.getAttribute("aria-pressed")).toBe("false")
    expect(overlay.undo.hidden).toBe(true)
    overlay.dismiss.click()
    vi.advanceTimersByTime(UNDO_MS)
    expect(overlay.undo.hidden).toBe(true)
    expect(overlay.dismiss.getAttribute("aria-pressed")).toBe("true")
    expect(onAction.mock.calls.map((c) => c[1])).toEqual(["dismiss", "undismiss", "dismiss"])
  })

  it("shows scores as integers, the prior distinctly, the reason in the tooltip", () => {
    const [a, b] = mountAll(fixture("cards-only.html"))
    showScore(a, score(a.paperId, 0.8712, "personal", "like your saves"))
    showScore(b, score(b.paperId, 0.4, "popular", "63 upvotes"))
    expect([a.badge.dataset.state, a.badge.textContent, a.tip.textContent]).toEqual(["personal", "87", "like your saves"])
    expect([b.badge.dataset.state, b.badge.textContent]).toEqual(["popular", "40 · popular"])
    expect(a.badge.getAttribute("aria-label")).toBe("PaperLens relevance: 87 of 100")
  })

  it("offline: says so without a score, keeps a shown score marked stale, and loads again", () => {
    const [a, b] = mountAll(fixture("cards-only.html"))
    showScore(a, score(a.paperId, 0.5, "personal"))
    showOffline(a, "Server not reachable")
    showOffline(b, "Server not reachable")
    expect([a.badge.dataset.state, a.badge.textContent, a.badge.dataset.stale]).toEqual(["offline", "50 · offline", "true"])
    expect(a.tip.textContent).toMatch(/not reachable.*Last score/)
    expect([b.badge.dataset.state, b.badge.textContent]).toEqual(["offline", "offline"])
    showLoading(b)
    expect(b.badge.dataset.state).toBe("loading")
  })
})

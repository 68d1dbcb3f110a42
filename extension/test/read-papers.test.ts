import { describe, expect, it } from "vitest"

import { paperIdFromHref, readPage, readPapers } from "../src/lib/read-papers"
import { fixture } from "./helpers"

describe("readPapers", () => {
  it("reads the dailyPapers JSON island, abstracts and authors included", () => {
    const papers = readPapers(fixture("json-island.html"))
    expect(papers.map((p) => p.id)).toEqual(["2403.06634", "2403.06504", "2403.06764"])
    expect(papers[0]).toEqual({
      id: "2403.06634",
      title: "Stealing Part of a Production Language Model",
      abstract: expect.stringMatching(/^We introduce the first model-stealing attack/),
      authors: ["Nicholas Carlini", "Daniel Paleka", "Krishnamurthy Dj Dvijotham"],
      upvotes: 63,
      published: "2024-03-11T00:00:00.000Z"
    })
  })

  it("reads searchResults when the island holds search results", () => {
    const papers = readPapers(fixture("search-results.html"))
    expect(papers.map((p) => p.id)).toEqual(["2403.05812", "2403.06738"])
    expect(papers[0].title).toBe("Algorithmic progress in language models")
    expect(papers[0].authors).toEqual(["Anson Ho", "Tamay Besiroglu", "Ege Erdil"])
  })

  it("falls back to the card markup, '-' upvotes meaning zero", () => {
    const papers = readPapers(fixture("cards-only.html"))
    expect(papers).toEqual([
      {
        id: "2403.06634",
        title: "Stealing Part of a Production Language Model",
        abstract: null,
        authors: [],
        upvotes: 63,
        published: null
      },
      expect.objectContaining({ id: "2403.06764", upvotes: 0 }),
      expect.objectContaining({ id: "2403.06738", upvotes: null })
    ])
  })

  it("returns nothing, without throwing, on a page of unknown shape", () => {
    const doc = fixture("unknown-shape.html")
    expect(readPapers(doc)).toEqual([])
    expect(readPage(doc)).toEqual({ papers: [], cards: new Map() })
  })
})

describe("readPage", () => {
  it("keeps only papers that have a card, each matched to its article", () => {
    const { papers, cards } = readPage(fixture("json-island.html"))
    expect(papers.map((p) => p.id)).toEqual(["2403.06634", "2403.06504"])
    for (const paper of papers) {
      const card = cards.get(paper.id)!
      expect(card.tagName).toBe("ARTICLE")
      expect(card.querySelector("h3 > a")!.getAttribute("href")).toBe(`/papers/${paper.id}`)
    }
  })

  it("matches cards on a card-only page too", () => {
    const { papers, cards } = readPage(fixture("cards-only.html"))
    expect(papers).toHaveLength(3)
    expect([...cards.keys()]).toEqual(papers.map((p) => p.id))
  })
})

describe("paperIdFromHref", () => {
  it.each([
    ["/papers/2401.01234", "2401.01234"],
    ["/papers/2401.01234#community", "2401.01234"],
    ["/papers/2401.01234?x=1", "2401.01234"],
    ["/papers/date/2024-03-11", null],
    ["/models/gpt2", null],
    ["https://huggingface.co/papers/2401.01234", null],
    [null, null]
  ])("%s -> %s", (href, id) => {
    expect(paperIdFromHref(href)).toBe(id)
  })
})

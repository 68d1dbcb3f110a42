import { describe, expect, it } from "vitest"

import { pageKind } from "../../../src/features/page-reader/page-kind"
import { paperIdFromHref } from "../../../src/features/page-reader/read-papers"
import { fixture, readPage } from "../../helpers"

const HF = "https://huggingface.co"
const read = (name: string, path: string) => readPage(fixture(name), new URL(path, HF))

describe("readPage on each kind of page", () => {
  it.each([
    ["date.html", "/papers/date/2026-05-12", "date", ["2509.24244", "2604.23789", "2605.01402"]],
    ["date.html", "/papers", "daily", ["2509.24244", "2604.23789", "2605.01402"]],
    ["week.html", "/papers/week/2026-W20", "week", ["2605.05765", "2605.05886", "2605.06096"]],
    ["month.html", "/papers/month/2026-05", "month", ["2605.07287", "2605.07465", "2605.07721"]],
    ["trending.html", "/papers/trending", "trending", ["2605.08354", "2605.08520", "2605.08600"]],
    ["search.html", "/papers?q=agents", "search", ["2605.08659", "2605.08715"]]
  ])("%s at %s is a %s list", (name, path, kind, expected) => {
    const page = read(name, path)
    expect([page.kind, page.shape]).toEqual([kind, "list"])
    expect(page.papers.map((p) => p.id)).toEqual(expected)
    for (const paper of page.papers) {
      const card = page.cards.get(paper.id)!
      expect(card.tagName).toBe("ARTICLE")
      expect(card.querySelector("h3 > a")!.getAttribute("href")).toBe(`/papers/${paper.id}`)
    }
  })

  it("reads abstracts, authors, upvotes and dates from the island", () => {
    const [paper] = read("date.html", "/papers").papers
    expect(paper).toEqual({
      id: "2509.24244",
      title: expect.any(String),
      abstract: expect.stringMatching(/\w/),
      authors: expect.arrayContaining([expect.any(String)]),
      upvotes: expect.any(Number),
      published: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/)
    })
  })

  it("reads a paper page from its PaperContent island, the title's block as its place", () => {
    const page = read("paper-page.html", "/papers/2509.24244")
    expect([page.kind, page.shape]).toEqual(["paper", "paper"])
    expect(page.papers).toHaveLength(1)
    expect(page.papers[0]).toMatchObject({ id: "2509.24244", abstract: expect.stringMatching(/\w/) })
    expect(page.cards.get("2509.24244")!.querySelector(":scope > h1")).not.toBeNull()
  })

  it("reads a paper page without an island from its URL and h1", () => {
    const page = read("paper-page-markup.html", "/papers/2604.23789")
    expect(page.shape).toBe("paper")
    expect(page.papers[0]).toMatchObject({ id: "2604.23789", abstract: null })
    expect(page.papers[0].title.length).toBeGreaterThan(10)
  })

  it("falls back to the card markup, '-' upvotes meaning zero", () => {
    const page = read("cards-only.html", "/papers")
    expect(page.shape).toBe("list")
    expect(page.papers).toEqual([
      { id: "2403.06634", title: "Stealing Part of a Production Language Model", abstract: null, authors: [], upvotes: 63, published: null },
      expect.objectContaining({ id: "2403.06764", upvotes: 0 }),
      expect.objectContaining({ id: "2403.06738", upvotes: null })
    ])
  })

  it("keeps only papers that have a card, and reads cards added after the island from their markup", () => {
    const doc = fixture("json-island.html")
    const url = new URL("/papers", HF)
    expect(readPage(doc, url).papers.map((p) => p.id)).toEqual(["2403.06634", "2403.06504"])
    const more = doc.createElement("article")
    more.innerHTML = '<h3><a href="/papers/2403.09999">Loaded later</a></h3>'
    doc.querySelector("article")!.parentElement!.append(more)
    const page = readPage(doc, url)
    expect(page.papers.map((p) => p.id)).toEqual(["2403.06634", "2403.06504", "2403.09999"])
    expect(page.papers[2]).toMatchObject({ title: "Loaded later", abstract: null })
    expect(page.cards.get("2403.09999")).toBe(more)
  })

  it.each([
    ["unknown-shape.html", "/papers"],
    ["redesigned.html", "/papers/date/2026-05-12"],
    ["date.html", "/papers/2509.24244"],
    ["date.html", "/papers/date/yesterday"]
  ])("%s at %s is of unknown shape: nothing to paint, nothing thrown", (name, path) => {
    expect(read(name, path)).toMatchObject({ shape: "unknown", papers: [], cards: new Map() })
  })
})

describe("pageKind", () => {
  it.each([
    ["/papers", "daily"],
    ["/papers/", "daily"],
    ["/papers?q=diffusion", "search"],
    ["/papers/date/2026-05-12", "date"],
    ["/papers/week/2026-W20", "week"],
    ["/papers/month/2026-05", "month"],
    ["/papers/trending", "trending"],
    ["/papers/2605.01402", "paper"],
    ["/papers/2605.01402#community", "paper"],
    ["/papers/date", null],
    ["/papers/date/2026-5-1", null],
    ["/models", null]
  ])("%s -> %s", (path, kind) => {
    expect(pageKind(new URL(path, HF))).toBe(kind)
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

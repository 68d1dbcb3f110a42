import { describe, expect, it, vi } from "vitest"

import type { PageMessage, PageReply } from "../../../src/background/handlers/page"
import { HOST_TAG } from "../../../src/features/card-overlay/overlay"
import { PageSession } from "../../../src/features/page-session/session"
import { TOOLBAR_TAG } from "../../../src/features/toolbar/toolbar"
import { fixture } from "../../helpers"

const reply: PageReply = {
  connection: { state: "connected", server_url: "http://127.0.0.1:8377", user: "a", detail: null, since: 0, settings_key: "" },
  saved_ids: [],
  pending_ids: []
}

/** Loads a fixture as the live document at `path`, as the content script would find it. */
function start(name: string, path: string) {
  document.documentElement.innerHTML = fixture(name).documentElement.innerHTML
  return startAt(path)
}

/** Starts a session over the live document, at `path`; the pages it sends are collected. */
function startAt(path: string) {
  history.replaceState(null, "", path)
  const pages: PageMessage[] = []
  const session = new PageSession(document, {
    sendPage: async (message) => (pages.push(message), reply),
    sendFeedback: vi.fn(),
    rankMode: "site",
    saveRankMode: vi.fn()
  })
  session.start()
  return { session, pages }
}

const hosts = () => document.querySelectorAll(HOST_TAG).length
// Two task turns: the observer's scan, then the answer to what it sent.
const turn = () => new Promise((resolve) => setTimeout(resolve, 0))
const settle = () => turn().then(turn)

/** Makes the document say it is still being parsed until the returned function is called,
 * which finishes it as the parser would (readyState, then DOMContentLoaded). */
function parsing(): () => void {
  let state: DocumentReadyState = "loading"
  Object.defineProperty(document, "readyState", { configurable: true, get: () => state })
  return () => {
    if (state !== "loading") return
    state = "interactive"
    delete (document as { readyState?: unknown }).readyState
    document.dispatchEvent(new Event("DOMContentLoaded"))
  }
}

describe("PageSession", () => {
  it("annotates a list page once, with the order toolbar, and tells the background at once", async () => {
    const { pages } = start("date.html", "/papers/date/2026-05-12")
    expect(hosts()).toBe(3)
    expect(document.querySelectorAll(TOOLBAR_TAG)).toHaveLength(1)
    expect(pages.map((p) => [p.shape, p.papers.length])).toEqual([["list", 3]])
    await settle()
    expect(pages).toHaveLength(1)
  })

  it("sends the island's papers while the document is still arriving, and paints cards as they come", async () => {
    const page = fixture("date.html")
    const cards = [...page.querySelectorAll("article")]
    cards.forEach((card) => card.remove())
    const finish = parsing()
    try {
      document.documentElement.innerHTML = "<head></head><body></body>"
      const { pages } = startAt("/papers/date/2026-05-12")
      await settle()
      expect(pages).toEqual([])
      document.body.replaceWith(document.adoptNode(page.body))
      await settle()
      expect(pages.map((p) => p.papers.length)).toEqual([3])
      const grid = document.querySelector('[data-target="DailyPapers"]')!.firstElementChild ?? document.body
      for (const card of cards) grid.append(document.adoptNode(card))
      await settle()
      expect(hosts()).toBe(3)
      finish()
      await settle()
      // The markup agrees with the island: nothing new to score.
      expect(pages).toHaveLength(1)
    } finally {
      finish()
    }
  })

  it("picks up cards added later without double badges, and re-sends the page", async () => {
    const { pages } = start("date.html", "/papers")
    await settle()
    const grid = document.querySelector("article")!.parentElement!
    const extra = document.createElement("article")
    extra.innerHTML = '<h3><a href="/papers/2601.00001">Loaded by "load more"</a></h3>'
    grid.append(extra)
    await settle()
    expect(hosts()).toBe(4)
    expect(pages.at(-1)!.papers.map((p) => p.id)).toContain("2601.00001")
    const sent = pages.length
    grid.append(document.createElement("div"))
    await settle()
    expect([hosts(), pages.length]).toEqual([4, sent])
  })

  it("follows client-side navigation to another kind of page", async () => {
    const { pages } = start("date.html", "/papers")
    history.pushState(null, "", "/papers/2509.24244")
    document.querySelector("#app")!.replaceWith(fixture("paper-page.html").querySelector("#app")!)
    await settle()
    expect(hosts()).toBe(1)
    expect(document.querySelectorAll(TOOLBAR_TAG)).toHaveLength(0)
    expect(pages.at(-1)).toMatchObject({ shape: "paper", like: "2509.24244", papers: [{ id: "2509.24244" }] })
  })

  it("reports a page of unknown shape and paints nothing on it", () => {
    const { pages } = start("redesigned.html", "/papers/date/2026-05-12")
    expect(hosts()).toBe(0)
    expect(pages).toEqual([expect.objectContaining({ shape: "unknown", papers: [] })])
  })
})

// Owns reading the papers shown on a huggingface.co/papers page and finding where each one is
// shown. Pure: takes a Document and a URL, touches nothing. The JSON island the site hydrates
// from is the robust source; the markup is the fallback (see shared/data/hf-daily-papers/MARKUP.md).
import type { Paper } from "../../protocol"
import { isPaperId } from "../../shared/paper-id"
import { type PageKind, type PageShape, pageKind } from "./page-kind"
import { toPaper } from "./paper-record"

const LIST_ISLAND = 'div[data-target="DailyPapers"][data-props]'
const PAPER_ISLAND = 'div[data-target="PaperContent"][data-props]'
const CARD_LINK = 'article h3 > a[href^="/papers/"]'
const UPVOTES = "div.shadow-alternate div.leading-none"
const LIST_KEYS = ["dailyPapers", "searchResults"] as const

type Json = Record<string, unknown>

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null

// A page re-scanned after each DOM change keeps the same island string: parse it once.
let lastProps: { text: string; data: unknown } | null = null

function islandData(doc: ParentNode, selector: string): Json | null {
  const text = doc.querySelector(selector)?.getAttribute("data-props")
  if (!text) return null
  if (lastProps?.text !== text) {
    let data: unknown = null
    try {
      data = JSON.parse(text)
    } catch {
      // A site change we cannot read: fall back to the markup.
    }
    lastProps = { text, data }
  }
  return isObject(lastProps.data) ? lastProps.data : null
}

/** "/papers/2401.01234#community" -> "2401.01234"; null for anything else ("/papers/date/…"). */
export function paperIdFromHref(href: string | null): string | null {
  const parts = href?.split(/[#?]/)[0].split("/") ?? []
  if (parts.length !== 3 || parts[0] !== "" || parts[1] !== "papers") return null
  return isPaperId(parts[2]) ? parts[2] : null
}

function fromIslandEntry(entry: unknown): Paper | null {
  if (!isObject(entry)) return null
  // List entries wrap the paper; tolerate a bare paper too, should the site flatten them.
  const paper = isObject(entry.paper) ? entry.paper : entry
  const authors = Array.isArray(paper.authors)
    ? paper.authors.map((a) => (isObject(a) ? a.name : a))
    : []
  return toPaper({
    id: paper.id,
    title: paper.title ?? entry.title,
    abstract: paper.summary,
    authors,
    upvotes: paper.upvotes,
    published: paper.publishedAt ?? entry.publishedAt
  })
}

// The papers made from the last island read, for the same reason.
let lastList: { data: Json; papers: Paper[] | null } | null = null

/** The island's list, or null when there is no readable island with a list in it. */
function readJsonIsland(doc: ParentNode): Paper[] | null {
  const data = islandData(doc, LIST_ISLAND)
  if (!data) return null
  if (lastList?.data !== data) {
    const list = LIST_KEYS.map((k) => data[k]).find(Array.isArray)
    lastList = { data, papers: list ? list.map(fromIslandEntry).filter((p): p is Paper => p !== null) : null }
  }
  return lastList.papers && [...lastList.papers]
}

function findCards(doc: ParentNode): Map<string, HTMLElement> {
  const cards = new Map<string, HTMLElement>()
  for (const link of doc.querySelectorAll<HTMLAnchorElement>(CARD_LINK)) {
    const id = paperIdFromHref(link.getAttribute("href"))
    const card = link.closest("article")
    if (id && card && !cards.has(id)) cards.set(id, card)
  }
  return cards
}

function paperFromCard(id: string, card: HTMLElement): Paper | null {
  const votes = card.querySelector(UPVOTES)?.textContent?.trim()
  return toPaper({
    id,
    title: card.querySelector("h3 > a")?.textContent,
    // The site prints "-" for a paper nobody upvoted yet.
    upvotes: votes === "-" ? 0 : votes
  })
}

export interface PageLocation {
  kind: PageKind | null
  shape: PageShape
  /**
   * Where each paper is shown, by id, in page order: the card (`article`) on list pages, the
   * title's parent on a paper page. The overlay goes right after its h3 / h1.
   */
  cards: Map<string, HTMLElement>
}

/**
 * Where the papers are, without reading them: cheap enough to run on every DOM change and
 * before painting. A list without cards is still a list if its island holds a list (an empty
 * search), and of unknown shape otherwise.
 */
export function locate(doc: ParentNode, url: URL): PageLocation {
  const kind = pageKind(url)
  if (kind === null) return unknown(null)
  if (kind === "paper") {
    const heading = doc.querySelector<HTMLElement>("main h1, h1")
    const id = url.pathname.replace(/\/+$/, "").split("/")[2]
    return heading?.parentElement
      ? { kind, shape: "paper", cards: new Map([[id, heading.parentElement]]) }
      : unknown(kind)
  }
  const cards = findCards(doc)
  if (cards.size === 0 && readJsonIsland(doc) === null) return unknown(kind)
  return { kind, shape: "list", cards }
}

/**
 * The papers of the located cards, in their order: from the island, else from the markup
 * (cards added after the island was rendered, "load more", are only in the markup).
 */
export function readPapers(doc: ParentNode, location: PageLocation): Paper[] {
  if (location.shape === "paper") {
    const [[id, card]] = location.cards
    const data = islandData(doc, PAPER_ISLAND)
    const fromIsland = data ? fromIslandEntry(data) : null
    const paper = fromIsland?.id === id ? fromIsland : toPaper({ id, title: card.querySelector(":scope > h1")?.textContent })
    return paper ? [paper] : []
  }
  const fromIsland = new Map((readJsonIsland(doc) ?? []).map((p) => [p.id, p]))
  const papers: Paper[] = []
  for (const [id, card] of location.cards) {
    const paper = fromIsland.get(id) ?? paperFromCard(id, card)
    if (paper) papers.push(paper)
  }
  return papers
}

/**
 * The papers the site's island says the located page shows, or null without a readable island.
 * All that can be read while the document is still arriving: the island's attribute is whole as
 * soon as its element exists, the cards' markup may be cut off mid-title.
 */
export function readIsland(doc: ParentNode, location: PageLocation): Paper[] | null {
  if (location.shape === "list") return readJsonIsland(doc)
  if (location.shape !== "paper") return null
  const [[id]] = location.cards
  const data = islandData(doc, PAPER_ISLAND)
  const paper = data ? fromIslandEntry(data) : null
  return paper?.id === id ? [paper] : null
}

function unknown(kind: PageKind | null): PageLocation {
  return { kind, shape: "unknown", cards: new Map() }
}

// Owns reading the papers shown on a huggingface.co/papers page and finding each one's card.
// Pure: takes a Document, touches nothing. The JSON island the site hydrates from is the
// robust source; the card markup is the fallback (see shared/data/hf-daily-papers/MARKUP.md).
import type { Paper } from "../protocol"
import { isPaperId, toPaper } from "./paper-record"

const ISLAND = 'div[data-target="DailyPapers"][data-props]'
const CARD_LINK = 'article h3 > a[href^="/papers/"]'
const UPVOTES = "div.shadow-alternate div.leading-none"
const LIST_KEYS = ["dailyPapers", "searchResults"] as const

export interface PageRead {
  /** Papers that have a card on the page, in page order. */
  papers: Paper[]
  /** Card (the `article`) of each paper in `papers`, by id. */
  cards: Map<string, HTMLElement>
}

type Json = Record<string, unknown>

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null

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

export function readJsonIsland(doc: ParentNode): Paper[] {
  const props = doc.querySelector(ISLAND)?.getAttribute("data-props")
  if (!props) return []
  let data: unknown
  try {
    data = JSON.parse(props)
  } catch {
    return []
  }
  if (!isObject(data)) return []
  const list = LIST_KEYS.map((k) => data[k]).find(Array.isArray) ?? []
  return list.map(fromIslandEntry).filter((p): p is Paper => p !== null)
}

export function findCards(doc: ParentNode): Map<string, HTMLElement> {
  const cards = new Map<string, HTMLElement>()
  for (const link of doc.querySelectorAll<HTMLAnchorElement>(CARD_LINK)) {
    const id = paperIdFromHref(link.getAttribute("href"))
    const card = link.closest("article")
    if (id && card && !cards.has(id)) cards.set(id, card)
  }
  return cards
}

export function readCardMarkup(doc: ParentNode): Paper[] {
  const papers: Paper[] = []
  for (const [id, card] of findCards(doc)) {
    const votes = card.querySelector(UPVOTES)?.textContent?.trim()
    const paper = toPaper({
      id,
      title: card.querySelector("h3 > a")?.textContent,
      // The site prints "-" for a paper nobody upvoted yet.
      upvotes: votes === "-" ? 0 : votes
    })
    if (paper) papers.push(paper)
  }
  return papers
}

function uniqueById(papers: Paper[]): Paper[] {
  const seen = new Set<string>()
  return papers.filter((p) => !seen.has(p.id) && (seen.add(p.id), true))
}

export function readPapers(doc: ParentNode): Paper[] {
  const fromJson = readJsonIsland(doc)
  return uniqueById(fromJson.length > 0 ? fromJson : readCardMarkup(doc))
}

/** Only papers with a card are returned: nothing else can be painted or was seen. */
export function readPage(doc: ParentNode): PageRead {
  const allCards = findCards(doc)
  const papers = readPapers(doc).filter((p) => allCards.has(p.id))
  const cards = new Map(papers.map((p) => [p.id, allCards.get(p.id)!]))
  return { papers, cards }
}

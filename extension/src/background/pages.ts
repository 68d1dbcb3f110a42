// Owns the last page each tab showed, keyed by tab id and kept in session storage because the
// worker may be restarted: it is re-sent after every (re)connect so scores keep flowing, and
// routes incoming scores (and a paper page's "more like this") back by page_id. It also keeps
// what the content script made of the page, for the popup.
import type { PageShape } from "../features/page-reader/page-kind"
import type { Page, Paper, Recommend } from "../protocol"
import type { KeyValueStore } from "../shared/storage"

export interface TabPage {
  url: string
  shape: PageShape
  papers: Paper[]
  /** A paper page's paper: its "more like this" is asked for under the page's id. */
  like?: string
}

const KEY = "pages"
// shared_schema/page.json: maxItems.
const MAX_PAPERS = 500
const SIMILAR_LIMIT = 8

export const pageIdOf = (tabId: number): string => `tab-${tabId}`

export function tabIdOf(pageId: string): number | null {
  const match = /^tab-(\d+)$/.exec(pageId)
  return match ? Number(match[1]) : null
}

export class PageRegistry {
  private pages = new Map<number, TabPage>()
  private writes: Promise<void> = Promise.resolve()

  constructor(private readonly store: KeyValueStore) {}

  async load(): Promise<void> {
    const stored = (await this.store.get(KEY))[KEY]
    if (typeof stored !== "object" || stored === null) return
    for (const [tabId, page] of Object.entries(stored as Record<string, TabPage>)) {
      this.pages.set(Number(tabId), page)
    }
  }

  has(tabId: number): boolean {
    return this.pages.has(tabId)
  }

  get(tabId: number): TabPage | undefined {
    return this.pages.get(tabId)
  }

  tabIds(): number[] {
    return [...this.pages.keys()]
  }

  set(tabId: number, page: TabPage): Promise<void> {
    this.pages.set(tabId, { ...page, papers: page.papers.slice(0, MAX_PAPERS) })
    return this.persist()
  }

  remove(tabId: number): Promise<void> {
    return this.pages.delete(tabId) ? this.persist() : Promise.resolve()
  }

  /** null for a page with nothing to score (a shape we do not know). */
  frame(tabId: number): Page | null {
    const page = this.pages.get(tabId)
    if (!page || page.papers.length === 0) return null
    return { type: "page", page_id: pageIdOf(tabId), url: page.url, papers: page.papers }
  }

  frames(): Page[] {
    return this.tabIds().flatMap((tabId) => this.frame(tabId) ?? [])
  }

  recommendFrame(tabId: number): Recommend | null {
    const like = this.pages.get(tabId)?.like
    return like ? { type: "recommend", request_id: pageIdOf(tabId), like, limit: SIMILAR_LIMIT } : null
  }

  recommendFrames(): Recommend[] {
    return this.tabIds().flatMap((tabId) => this.recommendFrame(tabId) ?? [])
  }

  private persist(): Promise<void> {
    const snapshot = Object.fromEntries(this.pages)
    this.writes = this.writes.then(() => this.store.set({ [KEY]: snapshot }))
    return this.writes
  }
}

// Owns the last page each tab showed, keyed by tab id and kept in session storage because the
// worker may be restarted: it is re-sent after every (re)connect so scores keep flowing, and
// routes incoming scores back by page_id.
import type { Page, Paper } from "../protocol"
import type { KeyValueStore } from "./store"

export interface TabPage {
  url: string
  papers: Paper[]
}

const KEY = "pages"
// shared_schema/page.json: maxItems.
export const MAX_PAPERS = 500

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

  tabIds(): number[] {
    return [...this.pages.keys()]
  }

  set(tabId: number, page: TabPage): Promise<void> {
    this.pages.set(tabId, { url: page.url, papers: page.papers.slice(0, MAX_PAPERS) })
    return this.persist()
  }

  remove(tabId: number): Promise<void> {
    return this.pages.delete(tabId) ? this.persist() : Promise.resolve()
  }

  frame(tabId: number): Page | null {
    const page = this.pages.get(tabId)
    return page ? { type: "page", page_id: pageIdOf(tabId), url: page.url, papers: page.papers } : null
  }

  frames(): Page[] {
    return this.tabIds().map((tabId) => this.frame(tabId)!)
  }

  private persist(): Promise<void> {
    const snapshot = Object.fromEntries(this.pages)
    this.writes = this.writes.then(() => this.store.set({ [KEY]: snapshot }))
    return this.writes
  }
}

// Test helpers: load a fixture page into a fresh jsdom Document, and read it as the content
// script would; a storage area in memory.
import { readFileSync } from "node:fs"
import { join } from "node:path"

import { type PageLocation, locate, readPapers } from "../src/features/page-reader/read-papers"
import type { Paper } from "../src/protocol"
import type { KeyValueStore } from "../src/shared/storage"

export function fixture(name: string): Document {
  const html = readFileSync(join(__dirname, "fixtures", name), "utf8")
  return new DOMParser().parseFromString(html, "text/html")
}

/** A located page with its papers read: `cards` holds exactly the papers of `papers`. */
export interface PageRead extends PageLocation {
  /** Papers that are shown on the page, in page order. */
  papers: Paper[]
}

/** What the page at `url` shows; `unknown` (and nothing to paint) on a shape we do not know. */
export function readPage(doc: ParentNode, url: URL): PageRead {
  const location = locate(doc, url)
  const papers = readPapers(doc, location)
  if (location.shape === "paper" && papers.length === 0) return { kind: "paper", shape: "unknown", cards: new Map(), papers: [] }
  const cards = new Map(papers.map((p) => [p.id, location.cards.get(p.id)!]))
  return { ...location, papers, cards }
}

/** A KeyValueStore held in a Map, values copied in and out as chrome.storage does. */
export function memoryStore(): KeyValueStore {
  const data = new Map<string, unknown>()
  return {
    get: async (keys) =>
      Object.fromEntries([keys].flat().flatMap((key) => (data.has(key) ? [[key, structuredClone(data.get(key))]] : []))),
    set: async (items) => {
      for (const [key, value] of Object.entries(items)) data.set(key, structuredClone(value))
    }
  }
}

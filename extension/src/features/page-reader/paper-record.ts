// Owns turning loosely-typed page data into a Paper that satisfies shared_schema/paper.json,
// so the server never refuses a page because the site changed a field's shape or length.
import type { Paper } from "../../protocol"
import { isPaperId } from "../../shared/paper-id"

// Limits copied from shared_schema/paper.json (the generated types carry no runtime limits).
const MAX_TITLE = 1000
const MAX_ABSTRACT = 20000
const MAX_AUTHORS = 1000
const MAX_AUTHOR = 300
const MAX_PUBLISHED = 40

function text(value: unknown, max: number): string | null {
  if (typeof value !== "string") return null
  const clean = value.replace(/\s+/g, " ").trim()
  return clean ? clean.slice(0, max) : null
}

function count(value: unknown): number | null {
  const n = typeof value === "string" ? Number(value.replace(/,/g, "")) : value
  return typeof n === "number" && Number.isFinite(n) && n >= 0 ? Math.floor(n) : null
}

interface RawPaper {
  id: unknown
  title: unknown
  abstract?: unknown
  authors?: unknown[]
  upvotes?: unknown
  published?: unknown
}

/** null when the record has no usable id or title (the schema requires both). */
export function toPaper(raw: RawPaper): Paper | null {
  const title = text(raw.title, MAX_TITLE)
  if (!isPaperId(raw.id) || !title) return null
  const authors = (raw.authors ?? [])
    .map((a) => text(a, MAX_AUTHOR))
    .filter((a): a is string => a !== null)
    .slice(0, MAX_AUTHORS)
  return {
    id: raw.id,
    title,
    abstract: text(raw.abstract, MAX_ABSTRACT),
    authors,
    upvotes: count(raw.upvotes),
    published: text(raw.published, MAX_PUBLISHED)
  }
}

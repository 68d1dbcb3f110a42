// Owns which huggingface.co/papers URLs PaperLens knows, and what each one is: a list of papers
// (the daily list and what it redirects to, week, month, trending, search) or one paper's page.
// The URL only says what to look for; the page's own content decides (read-papers.ts).
import { isPaperId } from "../../shared/paper-id"

type ListKind = "daily" | "date" | "week" | "month" | "trending" | "search"
export type PageKind = ListKind | "paper"
/** What the content script made of a page: the popup says so when it is `unknown`. */
export type PageShape = "list" | "paper" | "unknown"

const LIST_PATHS: [RegExp, ListKind][] = [
  [/^\/papers\/date\/\d{4}-\d{2}-\d{2}$/, "date"],
  [/^\/papers\/week\/\d{4}-W\d{2}$/, "week"],
  [/^\/papers\/month\/\d{4}-\d{2}$/, "month"],
  [/^\/papers\/trending$/, "trending"]
]

/** null for a URL that is not one of ours (e.g. /papers/date/… with a bad date). */
export function pageKind(url: URL): PageKind | null {
  const path = url.pathname.replace(/\/+$/, "")
  if (path === "/papers") return url.searchParams.get("q") ? "search" : "daily"
  for (const [pattern, kind] of LIST_PATHS) if (pattern.test(path)) return kind
  const match = /^\/papers\/([^/]+)$/.exec(path)
  return match && isPaperId(match[1]) && !["date", "week", "month", "trending"].includes(match[1])
    ? "paper"
    : null
}

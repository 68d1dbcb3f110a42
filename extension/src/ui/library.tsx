// Owns the popup's saved library: search, unsave (through the background's feedback queue, so
// it works offline too) and BibTeX export. The list comes from the server's REST API and is
// fetched again whenever the saved set changes.
import { type ChangeEvent, useEffect, useState } from "react"

import type { FeedbackMessage } from "../background/handlers/feedback"
import type { ApiLibrary } from "../protocol/generated"
import { SAVED_KEY } from "../shared/published"
import { api, ask } from "./api"
import { heading, link, list, muted, quietButton } from "./styles"
import { useStored } from "./use-stored"

const LIMIT = 50

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "application/x-bibtex" }))
  const a = document.createElement("a")
  a.href = url
  a.download = name
  a.click()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

export function Library() {
  const savedIds = useStored<string[]>("local", SAVED_KEY)
  const [query, setQuery] = useState("")
  const [page, setPage] = useState<ApiLibrary | null>(null)
  const [problem, setProblem] = useState<string | null>(null)

  useEffect(() => {
    let current = true
    api<ApiLibrary>({ what: "library", q: query, limit: LIMIT }).then((answer) => {
      if (!current) return
      if (answer.ok) {
        setPage(answer.data)
        setProblem(null)
      } else setProblem(answer.message)
    })
    return () => {
      current = false
    }
  }, [query, savedIds?.join(",")])

  function unsave(paperId: string) {
    setPage((p) => p && { total: p.total - 1, papers: p.papers.filter((e) => e.paper.id !== paperId) })
    ask({ kind: "feedback", action: "unsave", paper_id: paperId } satisfies FeedbackMessage)
  }

  async function exportBib() {
    const answer = await api<string>({ what: "export-bib" })
    if (answer.ok) download("paperlens-library.bib", answer.data)
    else setProblem(answer.message)
  }

  return (
    <section aria-labelledby="library-heading">
      <h2 id="library-heading" style={heading}>
        Saved library
      </h2>
      <div style={{ display: "flex", gap: 6, marginBottom: 6 }}>
        <input
          id="library-search"
          type="search"
          aria-label="Search your saved papers"
          placeholder="Search saved papers"
          value={query}
          onChange={(e: ChangeEvent<HTMLInputElement>) => setQuery(e.target.value)}
          style={{ flex: 1, font: "inherit", padding: "3px 6px" }}
        />
        <button id="export-bib" type="button" style={quietButton} onClick={exportBib}>
          Export BibTeX
        </button>
      </div>
      {problem && (
        <p id="library-problem" role="alert" style={{ ...muted, color: "#b91c1c" }}>
          {problem}
        </p>
      )}
      {page && (
        <>
          <ul id="library" style={{ ...list, listStyle: "none", padding: 0 }}>
            {page.papers.map(({ paper }) => (
              <li key={paper.id} data-paper-id={paper.id} style={{ display: "flex", gap: 6, alignItems: "baseline", margin: "3px 0" }}>
                <a href={`https://huggingface.co/papers/${paper.id}`} target="_blank" rel="noreferrer" style={{ ...link, flex: 1 }}>
                  {paper.title}
                </a>
                <button type="button" className="unsave" style={quietButton} aria-label={`Unsave ${paper.title}`} onClick={() => unsave(paper.id)}>
                  Unsave
                </button>
              </li>
            ))}
          </ul>
          <p id="library-total" style={muted}>
            {page.total === 0 ? (query ? "No saved paper matches." : "No saved papers yet.") : `${page.papers.length} of ${page.total} shown`}
          </p>
        </>
      )}
    </section>
  )
}

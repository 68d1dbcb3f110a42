// Owns what the content script shows on one page: an overlay per card and how server scores,
// the saved set and the connection state map onto them. Sending is injected, so this holds no
// chrome.* calls and tests can drive it directly.
import type { ConnectionState } from "./connection-status"
import type { FeedbackMessage, ToContent } from "../messages"
import type { Paper } from "../protocol"
import {
  type CardOverlay,
  badgeState,
  mountOverlay,
  setSaved,
  showLoading,
  showOffline,
  showScore
} from "./overlay"

// While the server is being reached, a badge waits; in any other state it cannot get a score.
const REACHABLE: ReadonlySet<ConnectionState> = new Set(["connecting", "connected"])

export class PageAnnotator {
  private readonly overlays = new Map<string, CardOverlay>()
  private readonly papers: Map<string, Paper>

  constructor(
    papers: Paper[],
    cards: Map<string, HTMLElement>,
    private readonly sendFeedback: (message: FeedbackMessage) => void
  ) {
    this.papers = new Map(papers.map((p) => [p.id, p]))
    const onToggle = (paperId: string, action: FeedbackMessage["action"]) =>
      this.sendFeedback({ kind: "feedback", action, paper_id: paperId, paper: this.papers.get(paperId) })
    for (const paper of papers) {
      const card = cards.get(paper.id)
      if (card) this.overlays.set(paper.id, mountOverlay(card, paper.id, onToggle))
    }
  }

  get size(): number {
    return this.overlays.size
  }

  handle(message: ToContent): void {
    switch (message.kind) {
      case "scores":
        for (const score of message.papers) {
          const overlay = this.overlays.get(score.id)
          if (overlay) showScore(overlay, score)
        }
        return
      case "saved":
        this.applySaved(message.saved_ids)
        return
      case "connection":
        this.applyConnection(message.state, message.detail)
        return
    }
  }

  applySaved(savedIds: string[]): void {
    const saved = new Set(savedIds)
    for (const [id, overlay] of this.overlays) setSaved(overlay, saved.has(id))
  }

  /** Scores already shown stay: they are still the best we know while the server is away. */
  applyConnection(state: ConnectionState, detail: string): void {
    const reachable = REACHABLE.has(state)
    for (const overlay of this.overlays.values()) {
      const current = badgeState(overlay)
      if (reachable && current === "offline") showLoading(overlay)
      else if (!reachable && (current === "loading" || current === "offline")) showOffline(overlay, detail)
    }
  }
}

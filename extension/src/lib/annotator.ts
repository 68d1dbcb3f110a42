// Owns what the content script shows on the cards of one page view: an overlay per card and how
// server scores, the saved set, pending clicks and the connection state map onto them, and the
// dimming of cards marked "not interested". Sending is injected, so this holds no chrome.*
// calls and tests can drive it directly.
import type { FeedbackMessage, ToContent } from "../messages"
import type { Paper, PaperScore } from "../protocol"
import type { ConnectionState } from "./connection-status"
import {
  type CardOverlay,
  type Theme,
  badgeState,
  mountOverlay,
  setDismissed,
  setPending,
  setSaved,
  setTheme,
  showLoading,
  showOffline,
  showScore
} from "./overlay"

// While the server is being reached, a badge waits; in any other state it cannot get a score.
const REACHABLE: ReadonlySet<ConnectionState> = new Set(["connecting", "connected"])
/** Set on a card marked "not interested"; dim-style.ts dims it. */
export const DISMISSED_ATTR = "data-paperlens-dismissed"

export class PageAnnotator {
  private readonly overlays = new Map<string, CardOverlay>()
  private readonly papers = new Map<string, Paper>()
  private readonly cards = new Map<string, HTMLElement>()
  private readonly ranks = new Map<string, number>()
  private saved = new Set<string>()
  private pending = new Set<string>()
  private connection: { state: ConnectionState; detail: string } = { state: "connecting", detail: "" }

  constructor(
    private readonly sendFeedback: (message: FeedbackMessage) => void,
    private theme: Theme = "light",
    /** Cards are dimmed when dismissed; a paper page's title is not. */
    private readonly dimCards = true
  ) {}

  get size(): number {
    return this.overlays.size
  }

  paper(id: string): Paper | undefined {
    return this.papers.get(id)
  }

  /** Papers of the cards shown, in page order. */
  paperList(): Paper[] {
    return [...this.cards.keys()].flatMap((id) => this.papers.get(id) ?? [])
  }

  /** Rank of each paper on this page as last pushed (1 = most relevant). */
  rankMap(): ReadonlyMap<string, number> {
    return this.ranks
  }

  /**
   * Mounts an overlay on every card not seen yet (idempotent for the others) and forgets cards
   * that left the page. True when the set of papers changed, i.e. the server must hear of it.
   */
  sync(cards: ReadonlyMap<string, HTMLElement>): boolean {
    let changed = false
    for (const [id, card] of this.cards) {
      if (cards.get(id) === card && card.isConnected) continue
      this.cards.delete(id)
      this.overlays.delete(id)
      if (!cards.has(id)) {
        this.papers.delete(id)
        changed = true
      }
    }
    for (const [id, card] of cards) {
      if (this.cards.get(id) === card) continue
      if (!this.overlays.has(id)) changed = true
      this.cards.set(id, card)
      const overlay = mountOverlay(card, id, this.onAction, this.theme)
      this.overlays.set(id, overlay)
      this.paintNew(overlay)
    }
    return changed
  }

  /** The records of the papers on the cards (read after painting: reading is the slow part). */
  setPapers(papers: readonly Paper[]): void {
    for (const paper of papers) if (this.cards.has(paper.id)) this.papers.set(paper.id, paper)
  }

  /** A card mounted after scores, the saved set or the connection arrived shows them at once. */
  private paintNew(overlay: CardOverlay): void {
    setSaved(overlay, this.saved.has(overlay.paperId))
    setPending(overlay, this.pending.has(overlay.paperId))
    if (overlay.last) showScore(overlay, overlay.last)
    if (!REACHABLE.has(this.connection.state)) showOffline(overlay, this.connection.detail)
  }

  private readonly onAction = (paperId: string, action: FeedbackMessage["action"]) => {
    if (action === "dismiss" || action === "undismiss") this.dim(paperId, action === "dismiss")
    this.sendFeedback({ kind: "feedback", action, paper_id: paperId, paper: this.papers.get(paperId) })
  }

  private dim(paperId: string, dismissed: boolean): void {
    const card = this.cards.get(paperId)
    if (!card || !this.dimCards) return
    if (dismissed) card.setAttribute(DISMISSED_ATTR, "")
    else card.removeAttribute(DISMISSED_ATTR)
  }

  handle(message: ToContent): void {
    switch (message.kind) {
      case "scores":
        this.applyScores(message.papers)
        return
      case "saved":
        this.applySaved(message.saved_ids, message.pending_ids)
        return
      case "connection":
        this.applyConnection(message.state, message.detail)
        return
      case "recommendations":
        return
    }
  }

  applyScores(scores: readonly PaperScore[]): void {
    for (const score of scores) {
      this.ranks.set(score.id, score.rank)
      const overlay = this.overlays.get(score.id)
      if (!overlay) continue
      showScore(overlay, score)
      // A pending click is newer than what the server knew when it scored.
      if (!this.pending.has(score.id)) {
        setDismissed(overlay, score.dismissed)
        this.dim(score.id, score.dismissed)
      }
    }
  }

  applySaved(savedIds: readonly string[], pendingIds: readonly string[]): void {
    this.saved = new Set(savedIds)
    this.pending = new Set(pendingIds)
    for (const [id, overlay] of this.overlays) {
      setSaved(overlay, this.saved.has(id))
      setPending(overlay, this.pending.has(id))
    }
  }

  /** While the server is away a score shown stays, marked offline; a waiting badge says offline. */
  applyConnection(state: ConnectionState, detail: string): void {
    this.connection = { state, detail }
    const reachable = REACHABLE.has(state)
    for (const overlay of this.overlays.values()) {
      const current = badgeState(overlay)
      if (!reachable) showOffline(overlay, detail)
      else if (current === "offline") {
        if (overlay.last) showScore(overlay, overlay.last)
        else showLoading(overlay)
      }
    }
  }

  applyTheme(theme: Theme): void {
    this.theme = theme
    for (const overlay of this.overlays.values()) setTheme(overlay, theme)
  }

  /** The page view ended (SPA navigation): leave no trace on cards the site may reuse. */
  dispose(): void {
    for (const [id, overlay] of this.overlays) {
      overlay.host.remove()
      this.cards.get(id)?.removeAttribute(DISMISSED_ATTR)
    }
    this.overlays.clear()
    this.cards.clear()
    this.papers.clear()
    this.ranks.clear()
  }
}

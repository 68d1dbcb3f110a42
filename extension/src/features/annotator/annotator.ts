// Owns what the content script shows on the cards of one page view: an overlay per card and how
// server scores, the saved set, pending clicks and the connection state map onto them, and the
// collapsing of cards marked "not interested" to a one-line stub with Undo. Sending is injected,
// so this holds no chrome.* calls and tests can drive it directly.
import type { FeedbackMessage } from "../../background/handlers/feedback"
import type { Paper, PaperScore } from "../../protocol"
import type { ConnectionState } from "../../shared/connection-status"
import type { ToContent } from "../../shared/messages"
import { badgeState, showLoading, showOffline, showScore } from "../card-overlay/badge"
import { type CardOverlay, mountOverlay, setDismissed, setPending, setSaved, setTheme } from "../card-overlay/overlay"
import { type CardStub, mountStub, setStubTheme } from "../card-stub/card-stub"
import { DISMISSED_ATTR } from "../card-stub/collapse-style"
import type { Theme } from "../theme/theme"

// While the server is being reached, a badge waits; in any other state it cannot get a score.
const REACHABLE: ReadonlySet<ConnectionState> = new Set(["connecting", "connected"])

/** The ids in one set and not the other. */
function* changes(before: ReadonlySet<string>, after: ReadonlySet<string>): Iterable<string> {
  for (const id of before) if (!after.has(id)) yield id
  for (const id of after) if (!before.has(id)) yield id
}

export class PageAnnotator {
  private readonly overlays = new Map<string, CardOverlay>()
  private readonly papers = new Map<string, Paper>()
  private readonly cards = new Map<string, HTMLElement>()
  private readonly ranks = new Map<string, number>()
  // By paper id: scores can arrive before a card does (the page was sent while still loading).
  private readonly scores = new Map<string, PaperScore>()
  private readonly stubs = new Map<string, CardStub>()
  private saved = new Set<string>()
  private pending = new Set<string>()
  private connection: { state: ConnectionState; detail: string } = { state: "connecting", detail: "" }

  constructor(
    private readonly sendFeedback: (message: FeedbackMessage) => void,
    private theme: Theme = "light",
    /** Cards collapse when dismissed; a paper page's title does not. */
    private readonly collapseCards = true
  ) {}

  get size(): number {
    return this.overlays.size
  }

  paper(id: string): Paper | undefined {
    return this.papers.get(id)
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
      this.stubs.delete(id)
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

  /** The records of the papers shown, or about to be (their cards may still be arriving). */
  setPapers(papers: readonly Paper[]): void {
    for (const paper of papers) this.papers.set(paper.id, paper)
  }

  /** A card mounted after scores, the saved set or the connection arrived shows them at once. */
  private paintNew(overlay: CardOverlay): void {
    setSaved(overlay, this.saved.has(overlay.paperId))
    setPending(overlay, this.pending.has(overlay.paperId))
    const score = this.scores.get(overlay.paperId) ?? overlay.lastScore
    if (score) this.paintScore(overlay, score)
    if (!REACHABLE.has(this.connection.state)) showOffline(overlay, this.connection.detail)
  }

  private readonly onAction = (paperId: string, action: FeedbackMessage["action"]) => {
    if (action === "dismiss" || action === "undismiss") this.collapse(paperId, action === "dismiss", true)
    this.sendFeedback({ kind: "feedback", action, paper_id: paperId, paper: this.papers.get(paperId) })
  }

  /**
   * Collapses a card to its stub, or restores it. After the user's own click the focus follows
   * (to the stub's Undo, back to Not interested): the button they pressed has just been hidden.
   */
  private collapse(paperId: string, dismissed: boolean, byUser = false): void {
    const card = this.cards.get(paperId)
    if (!card || !this.collapseCards) return
    const stub = this.stubs.get(paperId)
    if (dismissed) {
      card.setAttribute(DISMISSED_ATTR, "")
      const shown = stub?.host.parentElement === card ? stub : this.mountStub(card, paperId)
      if (byUser) shown.undo.focus()
    } else {
      card.removeAttribute(DISMISSED_ATTR)
      stub?.host.remove()
      this.stubs.delete(paperId)
      if (byUser) this.overlays.get(paperId)?.dismiss.focus()
    }
  }

  private mountStub(card: HTMLElement, paperId: string): CardStub {
    const title = this.papers.get(paperId)?.title ?? card.querySelector("h3")?.textContent?.trim() ?? paperId
    const stub = mountStub(card, paperId, title, this.theme, () => {
      const overlay = this.overlays.get(paperId)
      if (overlay) setDismissed(overlay, false)
      this.onAction(paperId, "undismiss")
    })
    this.stubs.set(paperId, stub)
    return stub
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
      this.scores.set(score.id, score)
      const overlay = this.overlays.get(score.id)
      if (overlay) this.paintScore(overlay, score)
    }
  }

  private paintScore(overlay: CardOverlay, score: PaperScore): void {
    showScore(overlay, score)
    // A pending click is newer than what the server knew when it scored.
    if (!this.pending.has(score.id)) {
      setDismissed(overlay, score.dismissed)
      this.collapse(score.id, score.dismissed)
    }
  }

  /** Repaints the cards whose saved or pending state changed, and only those. */
  private applySaved(savedIds: readonly string[], pendingIds: readonly string[]): void {
    const saved = new Set(savedIds)
    const pending = new Set(pendingIds)
    const changed = new Set([...changes(this.saved, saved), ...changes(this.pending, pending)])
    this.saved = saved
    this.pending = pending
    for (const id of changed) {
      const overlay = this.overlays.get(id)
      if (!overlay) continue
      setSaved(overlay, saved.has(id))
      setPending(overlay, pending.has(id))
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
        if (overlay.lastScore) showScore(overlay, overlay.lastScore)
        else showLoading(overlay)
      }
    }
  }

  applyTheme(theme: Theme): void {
    this.theme = theme
    for (const overlay of this.overlays.values()) setTheme(overlay, theme)
    for (const stub of this.stubs.values()) setStubTheme(stub, theme)
  }

  /** The page view ended (SPA navigation): leave no trace on cards the site may reuse. */
  dispose(): void {
    for (const [id, overlay] of this.overlays) {
      overlay.host.remove()
      this.cards.get(id)?.removeAttribute(DISMISSED_ATTR)
    }
    for (const stub of this.stubs.values()) stub.host.remove()
    this.stubs.clear()
    this.overlays.clear()
    this.cards.clear()
    this.papers.clear()
    this.ranks.clear()
    this.scores.clear()
  }
}

// Owns one tab's life on huggingface.co/papers: each page view (the site navigates without
// reloading), what is mounted for it (card overlays, the order toolbar, "more like this"), and
// keeping those in step with the DOM as the site adds, swaps or re-renders cards. It reacts to
// DOM changes (MutationObserver) and history changes, never polls. chrome.* is injected.
// It may start before the document is parsed (document_start): then it sends the papers as soon
// as the site's JSON island arrives, paints cards as the parser adds them, and reads the markup
// once the document is complete.
import type { FeedbackMessage } from "../../background/handlers/feedback"
import type { PageMessage, PageReply } from "../../background/handlers/page"
import { type ConnectionState, describeStatus } from "../../shared/connection-status"
import type { ToContent } from "../../shared/messages"
import { PageAnnotator } from "../annotator/annotator"
import { HOST_TAG } from "../card-overlay/overlay"
import { STUB_TAG } from "../card-stub/card-stub"
import { installCollapseStyle } from "../card-stub/collapse-style"
import type { RankMode } from "../for-me/rank-mode"
import { CardOrder } from "../for-me/reorder"
import { type SimilarPanel, SIMILAR_TAG, mountSimilar } from "../more-like-this/more-like-this"
import { type PageLocation, locate, paperIdFromHref, readIsland, readPapers } from "../page-reader/read-papers"
import { type Theme, siteTheme, watchTheme } from "../theme/theme"
import { TOOLBAR_TAG, type Toolbar, mountToolbar } from "../toolbar/toolbar"

export interface SessionDeps {
  sendPage(message: PageMessage): Promise<PageReply | undefined>
  sendFeedback(message: FeedbackMessage): void
  /** The order to start in (the remembered choice may come later, by applyMode), and where a
   * new choice is remembered. */
  rankMode: RankMode
  saveRankMode(mode: RankMode): void
}

/** performance.measure names, read by scripts/bench_extension.py: mounting what a scan found
 * (locating the cards and handing their papers to the background are not in it), and painting
 * one push of scores (re-ordering included). */
const ANNOTATE_MEASURE = "paperlens:annotate"
const SCORES_MEASURE = "paperlens:scores"
const OWN_TAGS = new Set([HOST_TAG, TOOLBAR_TAG, SIMILAR_TAG, STUB_TAG].map((t) => t.toUpperCase()))

interface View {
  url: string
  located: PageLocation
  annotator: PageAnnotator
  toolbar: Toolbar | null
  similar: SimilarPanel | null
  order: CardOrder
  /** The cards are in our order, not the site's. */
  reordered: boolean
  /** Ids of the papers last sent for scoring, in order; null before the first send. */
  sent: string | null
  /** The papers were last read from the whole document, not only from its island. */
  settled: boolean
}

const isOwn = (node: Node) => OWN_TAGS.has(node.nodeName)

/** True when a batch of mutations is only PaperLens adding or removing its own hosts. */
function onlyOwn(records: readonly MutationRecord[]): boolean {
  return records.every((r) => [...r.addedNodes].every(isOwn) && [...r.removedNodes].every(isOwn))
}

export class PageSession {
  private view: View | null = null
  private reportedUnknown = ""
  private theme: Theme
  private connection: { state: ConnectionState; detail: string } = { state: "connecting", detail: "" }
  private pendingCount = 0
  private personal = false
  private mode: RankMode
  private readonly observer: MutationObserver

  constructor(
    private readonly doc: Document,
    private readonly deps: SessionDeps
  ) {
    this.theme = siteTheme(doc)
    this.mode = deps.rankMode
    this.observer = new MutationObserver((records) => {
      if (!onlyOwn(records)) this.scan()
    })
  }

  start(): void {
    this.observer.observe(this.doc.documentElement, { childList: true, subtree: true })
    const win = this.doc.defaultView!
    win.addEventListener("popstate", () => this.scan())
    watchTheme(this.doc, (theme) => this.applyTheme(theme))
    this.doc.addEventListener("click", (event) => this.onClick(event), true)
    // The parser's last mutations come while the document is still `loading`: the markup is
    // only whole, and worth reading, at DOMContentLoaded.
    if (this.loading()) this.doc.addEventListener("DOMContentLoaded", () => this.scan(), { once: true })
    this.scan()
  }

  private loading(): boolean {
    return this.doc.readyState === "loading"
  }

  /**
   * Locates the cards and brings what PaperLens shows in line with them: cheap when nothing
   * changed. The papers go to the background in the same task, not after a paint.
   */
  private scan(): void {
    const perf = this.doc.defaultView!.performance
    const url = this.doc.location.href
    if (this.view && this.view.url !== url) this.endView()
    const location = locate(this.doc, new URL(url))
    if (location.shape === "unknown") {
      // Half a document is no verdict: its island or cards may be further down.
      if (this.loading()) return
      this.endView()
      if (this.reportedUnknown !== url) {
        this.reportedUnknown = url
        this.deps.sendPage({ kind: "page", url, shape: "unknown", papers: [] }).catch(() => undefined)
      }
      return
    }
    const view = this.view ?? this.beginView(url, location)
    view.located = location
    // Before painting when it can be: the server's answer is the long pole, and the badges can
    // be drawn while it is on its way.
    const fresh = !view.settled
    if (fresh) this.publish(view)
    const start = perf.now()
    const changed = view.annotator.sync(location.cards)
    this.mountPanels(view)
    if (changed) perf.measure(ANNOTATE_MEASURE, { start, detail: { cards: view.annotator.size } })
    if (changed && !fresh) this.publish(view)
    if (changed || fresh) this.reorder()
    // Our own insertions are not news: drop their records rather than scan again for them.
    this.observer.takeRecords()
  }

  private beginView(url: string, located: PageLocation): View {
    installCollapseStyle(this.doc)
    const annotator = new PageAnnotator(this.deps.sendFeedback, this.theme, located.shape === "list")
    annotator.applyConnection(this.connection.state, this.connection.detail)
    this.view = {
      url,
      located,
      annotator,
      toolbar: null,
      similar: null,
      order: new CardOrder(),
      reordered: false,
      sent: null,
      settled: false
    }
    return this.view
  }

  private endView(): void {
    if (!this.view) return
    this.view.annotator.dispose()
    this.view.toolbar?.host.remove()
    this.view.similar?.host.remove()
    this.view = null
  }

  /** The toolbar and the similar panel, (re)placed if the site re-rendered them away. */
  private mountPanels(view: View): void {
    const first = [...view.located.cards.values()][0]
    if (!first) return
    if (view.located.shape === "list" && !view.toolbar?.host.isConnected && first.parentElement) {
      view.toolbar = mountToolbar(first.parentElement, this.theme, (mode) => this.setMode(mode))
      view.toolbar.setMode(this.mode)
      this.paintStatus()
    }
    if (view.located.shape === "paper" && !view.similar?.host.isConnected) {
      view.similar = mountSimilar(first, this.theme)
    }
  }

  /**
   * Sends the papers shown for scoring, once per distinct list. While the document is loading
   * only its island can say which they are; once it is complete, the cards do.
   */
  private publish(view: View): void {
    const settled = !this.loading()
    const papers = settled ? readPapers(this.doc, view.located) : readIsland(this.doc, view.located)
    if (!papers) return
    view.settled = settled
    view.annotator.setPapers(papers)
    const ids = papers.map((p) => p.id).join(" ")
    // A list without papers (an empty search) has nothing to score, and never had.
    if (ids === view.sent || (view.sent === null && papers.length === 0)) return
    view.sent = ids
    const like = view.located.shape === "paper" ? papers[0]?.id : undefined
    this.deps
      .sendPage({ kind: "page", url: view.url, shape: view.located.shape, papers, ...(like ? { like } : {}) })
      .then((reply) => {
        if (!reply || this.view !== view) return
        this.handle({ kind: "saved", saved_ids: reply.saved_ids, pending_ids: reply.pending_ids })
        this.handle({ kind: "connection", state: reply.connection.state, detail: describeStatus(reply.connection) })
      })
      .catch(() => {
        // The extension was reloaded or its worker failed: this page cannot be scored.
        this.handle({ kind: "connection", state: "offline", detail: "PaperLens is not running; reload the page" })
      })
  }

  handle(message: ToContent): void {
    const start = this.doc.defaultView!.performance.now()
    switch (message.kind) {
      case "connection":
        this.connection = { state: message.state, detail: message.detail }
        break
      case "saved":
        this.pendingCount = message.pending_ids.length
        break
      case "scores":
        this.personal = message.personal
        break
      case "recommendations":
        this.view?.similar?.show(message.papers)
        return
    }
    this.view?.annotator.handle(message)
    if (message.kind === "scores") this.reorder()
    this.paintStatus()
    if (message.kind === "scores" && this.view) {
      this.doc.defaultView!.performance.measure(SCORES_MEASURE, { start, detail: { cards: this.view.annotator.size } })
    }
  }

  /** The user chose an order on this page: show it and remember it for every tab. */
  private setMode(mode: RankMode): void {
    this.deps.saveRankMode(mode)
    this.applyMode(mode)
  }

  /** Shows the order chosen here or in another tab (the stored choice changed). */
  applyMode(mode: RankMode): void {
    if (mode === this.mode) return
    this.mode = mode
    this.view?.toolbar?.setMode(mode)
    this.reorder()
  }

  private reorder(): void {
    const view = this.view
    // Cards still arriving would be moved under the parser's feet; DOMContentLoaded re-scans.
    if (!view || view.located.shape !== "list" || this.loading()) return
    // The site's order needs no restoring until we have changed it.
    if (this.mode === "site" && !view.reordered) return
    const ranks = new Map<HTMLElement, number>()
    for (const [id, rank] of view.annotator.rankMap()) {
      const card = view.located.cards.get(id)
      if (card) ranks.set(card, rank)
    }
    view.order.apply(this.mode, [...view.located.cards.values()], ranks)
    view.reordered = this.mode === "forme"
    this.observer.takeRecords()
  }

  private paintStatus(): void {
    const toolbar = this.view?.toolbar
    if (!toolbar) return
    const { state, detail } = this.connection
    const parts: string[] = []
    if (state === "connected") parts.push(this.personal ? "ranked for you" : "popularity only until you save papers")
    else parts.push(detail)
    if (this.pendingCount > 0) parts.push(`${this.pendingCount} ${this.pendingCount === 1 ? "click" : "clicks"} pending`)
    toolbar.setStatus(parts.join(" · "))
  }

  private applyTheme(theme: Theme): void {
    this.theme = theme
    this.view?.annotator.applyTheme(theme)
    this.view?.toolbar?.setTheme(theme)
    this.view?.similar?.setTheme(theme)
  }

  /** A click on a paper's title link is an `open`: a weak signal of interest. */
  private onClick(event: Event): void {
    const link = (event.target as Element | null)?.closest?.("a[href]")
    const id = link && paperIdFromHref(link.getAttribute("href"))
    if (!id || !this.view || this.view.located.shape !== "list" || !this.view.located.cards.get(id)?.contains(link)) return
    this.deps.sendFeedback({ kind: "feedback", action: "open", paper_id: id, paper: this.view.annotator.paper(id) })
  }
}

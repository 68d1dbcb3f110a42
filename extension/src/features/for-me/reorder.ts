// Owns the order of the site's own card elements: "For me" moves them (no re-rendering, no
// copies: the site's nodes and listeners stay as they are) by the pushed ranks, ties kept in
// site order; "Site order" puts them back. Cards are moved among their siblings only, so a page
// that groups cards (by day, say) keeps its groups.
import type { RankMode } from "./rank-mode"

const byDomOrder = (a: Node, b: Node) =>
  a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1

export class CardOrder {
  /** Cards in the site's order, as far as we have seen them. */
  private siteOrder: HTMLElement[] = []
  private mode: RankMode = "site"

  /**
   * Puts `cards` in the order `mode` asks for. While the site's order is shown it is read from
   * the page; while ours is shown, cards that are new since ("load more") join the site order
   * at its end, which is where the site adds them.
   */
  apply(mode: RankMode, cards: readonly HTMLElement[], ranks: ReadonlyMap<HTMLElement, number>): void {
    const present = cards.filter((card) => card.isConnected)
    if (this.mode === "site") {
      this.siteOrder = [...present].sort(byDomOrder)
    } else {
      const known = new Set(this.siteOrder)
      this.siteOrder = this.siteOrder.filter((card) => card.isConnected && present.includes(card))
      this.siteOrder.push(...present.filter((card) => !known.has(card)).sort(byDomOrder))
    }
    this.mode = mode
    const siteIndex = new Map(this.siteOrder.map((card, i) => [card, i]))
    const wanted =
      mode === "site"
        ? this.siteOrder
        : [...this.siteOrder].sort(
            (a, b) =>
              (ranks.get(a) ?? Infinity) - (ranks.get(b) ?? Infinity) || siteIndex.get(a)! - siteIndex.get(b)!
          )
    for (const group of groupByParent(wanted)) placeInOrder(group)
  }
}

function groupByParent(cards: readonly HTMLElement[]): HTMLElement[][] {
  const groups = new Map<Node, HTMLElement[]>()
  for (const card of cards) {
    const parent = card.parentNode
    if (!parent) continue
    const group = groups.get(parent)
    if (group) group.push(card)
    else groups.set(parent, [card])
  }
  return [...groups.values()]
}

/** Moves the siblings in `ordered` into that order, in the place they occupy; no-op if already so. */
function placeInOrder(ordered: readonly HTMLElement[]): void {
  const current = [...ordered].sort(byDomOrder)
  if (current.every((card, i) => card === ordered[i])) return
  const parent = current[0].parentNode!
  const anchor = current[current.length - 1].nextSibling
  for (const card of ordered) parent.insertBefore(card, anchor)
}

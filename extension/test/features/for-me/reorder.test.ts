import { describe, expect, it } from "vitest"

import { CardOrder } from "../../../src/features/for-me/reorder"

function grid(ids: string[]) {
  const doc = document.implementation.createHTMLDocument()
  doc.body.innerHTML = `<div id="grid">${ids.map((id) => `<article id="${id}"></article>`).join("")}<button id="more">Load more</button></div>`
  const cards = () => [...doc.querySelectorAll<HTMLElement>("article")]
  const order = () => cards().map((c) => c.id)
  const ranks = (byId: Record<string, number>) => new Map(cards().map((c) => [c, byId[c.id]] as [HTMLElement, number]))
  return { doc, cards, order, ranks }
}

describe("CardOrder", () => {
  it("orders the site's own elements by rank, ties in site order, and restores the site order", () => {
    const { doc, cards, order, ranks } = grid(["a", "b", "c", "d"])
    const elements = cards()
    const cardOrder = new CardOrder()
    cardOrder.apply("forme", cards(), ranks({ a: 3, b: 1, c: 3, d: 2 }))
    expect(order()).toEqual(["b", "d", "a", "c"])
    // The same nodes, moved, not copies; what followed the cards still follows them.
    expect(new Set(cards())).toEqual(new Set(elements))
    expect(doc.querySelector("#grid")!.lastElementChild!.id).toBe("more")
    cardOrder.apply("site", cards(), ranks({}))
    expect(order()).toEqual(["a", "b", "c", "d"])
  })

  it("keeps cards loaded while re-ranked in the site order, after the others", () => {
    const { doc, cards, order, ranks } = grid(["a", "b", "c"])
    const cardOrder = new CardOrder()
    cardOrder.apply("forme", cards(), ranks({ a: 3, b: 2, c: 1 }))
    const more = doc.createElement("article")
    more.id = "e"
    doc.querySelector("#more")!.before(more)
    cardOrder.apply("forme", cards(), ranks({ a: 4, b: 2, c: 3, e: 1 }))
    expect(order()).toEqual(["e", "b", "c", "a"])
    cardOrder.apply("site", cards(), ranks({}))
    expect(order()).toEqual(["a", "b", "c", "e"])
  })

  it("puts unranked cards last and moves nothing when the order is already right", () => {
    const { doc, cards, order, ranks } = grid(["a", "b"])
    const cardOrder = new CardOrder()
    const mutations: MutationRecord[] = []
    const observer = new MutationObserver((r) => mutations.push(...r))
    observer.observe(doc.body, { childList: true, subtree: true })
    cardOrder.apply("forme", cards(), ranks({ a: 1 }))
    expect(order()).toEqual(["a", "b"])
    expect(observer.takeRecords()).toHaveLength(0)
  })
})

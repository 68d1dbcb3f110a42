import { describe, expect, it } from "vitest"

import { PageRegistry } from "../../src/background/pages"
import { memoryStore } from "../helpers"

describe("PageRegistry", () => {
  it("sends no page frame for a page of unknown shape, and asks for similar papers on a paper page", async () => {
    const pages = new PageRegistry(memoryStore())
    await pages.set(1, { url: "u", shape: "unknown", papers: [] })
    await pages.set(2, { url: "v", shape: "paper", papers: [{ id: "2605.00001", title: "T" }], like: "2605.00001" })
    expect(pages.frames().map((f) => f.page_id)).toEqual(["tab-2"])
    expect(pages.recommendFrames()).toEqual([{ type: "recommend", request_id: "tab-2", like: "2605.00001", limit: 8 }])
  })
})

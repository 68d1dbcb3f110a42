// The optimistic library follows the rules the server follows: every vector of
// shared_schema/library_transitions.json (each sequence of up to three clicks on one paper, and
// some longer ones), with the clicks still queued, acknowledged, or half of each.
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"

import { FeedbackQueue } from "../../../src/background/feedback-queue"
import { Library } from "../../../src/background/library/library"
import { applyClicks, isDismissed, isSaved } from "../../../src/background/library/transitions"
import type { FeedbackAction } from "../../../src/protocol"
import { memoryStore } from "../../helpers"

interface Vector {
  events: FeedbackAction[]
  saved: boolean
  dismissed: boolean
}

const VECTORS: Vector[] = JSON.parse(
  readFileSync(join(__dirname, "..", "..", "..", "..", "shared_schema", "library_transitions.json"), "utf8")
)
const PAPER = "2605.00001"
const name = ({ events }: Vector) => events.join(" > ") || "(none)"

/** The Save button's state with the first `acknowledged` clicks acknowledged, the rest queued. */
async function shownSaved(events: readonly FeedbackAction[], acknowledged: number): Promise<boolean> {
  const store = memoryStore()
  const queue = new FeedbackQueue(store)
  const library = new Library(store, queue, () => undefined)
  for (const [i, action] of events.entries()) {
    await library.record({ event_id: `event-${i}`, paper_id: PAPER, action, at: "2026-05-12T10:00:00Z" })
  }
  await library.acknowledge(events.slice(0, acknowledged).map((_, i) => `event-${i}`))
  return library.message().saved_ids.includes(PAPER)
}

describe("library transitions", () => {
  it("cover every sequence of up to three clicks", () => {
    expect(VECTORS.filter((v) => v.events.length <= 3)).toHaveLength(1 + 4 + 16 + 64)
  })

  it.each(VECTORS.map((v) => [name(v), v] as const))("%s", async (_, vector) => {
    const state = applyClicks(new Map(), vector.events.map((action) => ({ paper_id: PAPER, action }))).get(PAPER) ?? "none"
    expect({ saved: isSaved(state), dismissed: isDismissed(state) }).toEqual({ saved: vector.saved, dismissed: vector.dismissed })
    const n = vector.events.length
    for (const acknowledged of new Set([0, Math.floor(n / 2), n])) {
      expect(await shownSaved(vector.events, acknowledged)).toBe(vector.saved)
    }
  })

  it("Save, Not interested, Undo: the paper is saved again, as soon as Undo is clicked", async () => {
    expect(await shownSaved(["save", "dismiss", "undismiss"], 2)).toBe(true)
  })
})

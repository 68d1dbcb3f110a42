import { describe, expect, it } from "vitest"

import { CAP_MS, backoffDelay } from "../../../src/background/connection/backoff"

describe("backoffDelay", () => {
  it("doubles from 0.5 s with jitter in the upper half", () => {
    expect(backoffDelay(0, () => 0)).toBe(250)
    expect(backoffDelay(0, () => 1)).toBe(500)
    expect(backoffDelay(3, () => 1)).toBe(4000)
  })

  it("is capped at 30 s", () => {
    expect(backoffDelay(50, () => 1)).toBe(CAP_MS)
    expect(backoffDelay(50, () => 0)).toBe(CAP_MS / 2)
  })
})

// @vitest-environment node
// (json-schema-to-typescript resolves $ref against the page URL when it sees a DOM.)
// The drift check inside `npm test`: src/protocol/generated.ts must be what the schemas give.
import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"

import { OUTPUT, generate } from "../../scripts/gen-types.mjs"

describe("src/protocol/generated.ts", () => {
  it("matches shared_schema/*.json (run `npm run gen:types` if not)", async () => {
    expect(readFileSync(OUTPUT, "utf8")).toBe(await generate())
  })
})

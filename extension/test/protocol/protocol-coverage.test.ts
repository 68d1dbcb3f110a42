// Every message type in shared_schema/ is known on this side: the server's frames are accepted
// (and each has a case in background/frames, which tsc checks), the client's can be sent.
import { readFileSync, readdirSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"

import { type ClientFrame, SERVER_TYPES } from "../../src/protocol"

// Every type ClientFrame can carry (tsc refuses a name that is not one).
const CLIENT_TYPES = new Set<ClientFrame["type"]>(["hello", "page", "feedback", "recommend", "ping"])

const SCHEMAS = join(__dirname, "..", "..", "..", "shared_schema")

function typesByDirection(prefix: string): string[] {
  return readdirSync(SCHEMAS)
    .filter((name) => name.endsWith(".json"))
    .map((name) => JSON.parse(readFileSync(join(SCHEMAS, name), "utf8")))
    .filter((schema) => String(schema.description).startsWith(prefix))
    .map((schema) => schema.properties.type.const as string)
    .sort()
}

describe("protocol coverage", () => {
  it("accepts every server -> client message type of the schemas, and only those", () => {
    expect([...SERVER_TYPES].sort()).toEqual(typesByDirection("server -> client"))
  })

  it("can send every client -> server message type of the schemas, and only those", () => {
    expect([...CLIENT_TYPES].sort()).toEqual(typesByDirection("client -> server"))
  })
})

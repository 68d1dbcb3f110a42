import { afterEach, beforeEach, describe, expect, it, vi } from "vitest"

import { Connection, PING_INTERVAL_MS, UNAUTHORIZED_RETRY_MS } from "../../../src/background/connection/connection"
import type { ServerFrame } from "../../../src/protocol"
import type { ConnectionStatus } from "../../../src/shared/connection-status"

/** Just enough of a WebSocket for the connection: records what is sent, lets a test answer. */
class FakeSocket {
  static CONNECTING = 0
  static OPEN = 1
  static CLOSING = 2
  static CLOSED = 3
  static all: FakeSocket[] = []
  readyState = FakeSocket.CONNECTING
  sent: Record<string, unknown>[] = []
  onopen: (() => void) | null = null
  onmessage: ((event: { data: string }) => void) | null = null
  onclose: ((event: { code: number; reason: string }) => void) | null = null
  constructor(readonly url: string) {
    FakeSocket.all.push(this)
  }
  send(data: string) {
    this.sent.push(JSON.parse(data))
  }
  close() {
    this.readyState = FakeSocket.CLOSED
  }
  open() {
    this.readyState = FakeSocket.OPEN
    this.onopen?.()
  }
  receive(frame: ServerFrame) {
    this.onmessage?.({ data: JSON.stringify(frame) })
  }
  serverClose(code = 1006, reason = "") {
    this.readyState = FakeSocket.CLOSED
    this.onclose?.({ code, reason })
  }
}

const welcome: ServerFrame = { type: "welcome", protocol: 1, server: "paperlens/0.1", user: "alice", saved_ids: [], dismissed_ids: [] }
const settings = { serverUrl: "http://127.0.0.1:8377", token: "secret" }

function setup() {
  const statuses: ConnectionStatus[] = []
  const frames: ServerFrame[] = []
  const connection = new Connection(
    { status: (s) => statuses.push(s), frame: (f) => frames.push(f) },
    "paperlens-extension/test"
  )
  const states = () => statuses.map((s) => s.state)
  const latest = () => FakeSocket.all[FakeSocket.all.length - 1]
  return { connection, statuses, frames, states, latest }
}

beforeEach(() => {
  vi.useFakeTimers()
  FakeSocket.all = []
  vi.stubGlobal("WebSocket", FakeSocket)
})

afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe("Connection", () => {
  it("waits for a token before opening anything", () => {
    const { connection, states } = setup()
    connection.use({ ...settings, token: "" })
    expect(states()).toEqual(["no_token"])
    expect(FakeSocket.all).toHaveLength(0)
  })

  it("says hello first and is connected once welcomed", () => {
    const { connection, states, frames, latest } = setup()
    connection.use(settings)
    expect(latest().url).toBe("ws://127.0.0.1:8377/ws")
    expect(connection.send({ type: "ping" })).toBe(false)
    latest().open()
    expect(latest().sent).toEqual([
      { type: "hello", token: "secret", protocol: 1, client: "paperlens-extension/test" }
    ])
    latest().receive(welcome)
    expect(states()).toEqual(["connecting", "connected"])
    expect(connection.status.user).toBe("alice")
    expect(frames).toEqual([welcome])
    expect(connection.send({ type: "ping" })).toBe(true)
  })

  it("stops on a refused token and does not hammer the server", () => {
    const { connection, states, latest } = setup()
    connection.use(settings)
    latest().open()
    latest().receive({ type: "error", code: "bad_token", message: "unknown token" })
    latest().serverClose(4401)
    vi.advanceTimersByTime(10 * 60_000)
    connection.wake()
    expect(FakeSocket.all).toHaveLength(1)
    expect(states()).toEqual(["connecting", "unauthorized"])
    expect(connection.status.detail).toBe("unknown token")

    vi.advanceTimersByTime(UNAUTHORIZED_RETRY_MS)
    connection.wake()
    expect(FakeSocket.all).toHaveLength(2)
  })

  it("after a worker restart, keeps a refusal measured with the same settings", () => {
    const refused = setup()
    refused.connection.use(settings)
    refused.latest().open()
    refused.latest().receive({ type: "error", code: "bad_token", message: "unknown token" })
    const published = refused.statuses.at(-1)!

    const restarted = setup()
    restarted.connection.restore(published)
    restarted.connection.use(settings)
    expect(FakeSocket.all).toHaveLength(1)
    expect(restarted.connection.status.state).toBe("unauthorized")

    const newToken = setup()
    newToken.connection.restore(published)
    newToken.connection.use({ ...settings, token: "fixed" })
    expect(FakeSocket.all).toHaveLength(2)
  })

  it("retries an unreachable server with backoff, staying offline between attempts", () => {
    const { connection, states, latest } = setup()
    connection.use(settings)
    latest().serverClose()
    expect(states()).toEqual(["connecting", "offline"])
    for (let attempt = 0; attempt < 5; attempt++) {
      vi.advanceTimersToNextTimer() // the backoff's retry: the only timer pending
      latest().serverClose()
    }
    expect(FakeSocket.all).toHaveLength(6)
    expect(states()).toEqual(["connecting", "offline"])
    vi.advanceTimersToNextTimer()
    latest().open()
    latest().receive(welcome)
    expect(states()).toEqual(["connecting", "offline", "connected"])
  })

  it("pings every 20 s and drops a socket that stopped answering", () => {
    const { connection, states, latest } = setup()
    connection.use(settings)
    latest().open()
    latest().receive(welcome)
    vi.advanceTimersByTime(PING_INTERVAL_MS)
    expect(latest().sent.at(-1)).toMatchObject({ type: "ping" })
    latest().receive({ type: "pong", nonce: "1" })
    vi.advanceTimersByTime(3 * PING_INTERVAL_MS)
    expect(states()).toEqual(["connecting", "connected", "offline"])
  })

  it("reconnects when the settings change, and not when they do not", () => {
    const { connection, latest } = setup()
    connection.use(settings)
    latest().open()
    latest().receive(welcome)
    connection.use({ ...settings })
    connection.retryNow()
    expect(FakeSocket.all).toHaveLength(1)
    connection.use({ ...settings, token: "other" })
    expect(FakeSocket.all).toHaveLength(2)
    expect(FakeSocket.all[0].readyState).toBe(FakeSocket.CLOSED)
    latest().open()
    expect(latest().sent[0]).toMatchObject({ type: "hello", token: "other" })
  })
})

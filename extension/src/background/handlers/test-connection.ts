// Handles `test-connection` from the options page: checks a server URL and token, without
// saving them, step by step so that each failure gets its own words: not a URL, nothing
// listening (server not running), something else listening (wrong URL), wrong protocol, no or
// wrong token. The token is checked with the very handshake the extension uses (hello on /ws).
import { PROTOCOL_VERSION, parseServerFrame } from "../../protocol"
import { normalizeServerUrl, socketUrl } from "../../shared/settings"

/** From the options page: what is typed in it, not what is saved. */
export interface TestConnectionMessage {
  kind: "test-connection"
  serverUrl: string
  token: string
}

/** The outcome; `code` names the failure for the page (and for tests). */
export interface TestResult {
  ok: boolean
  code: "ok" | "invalid_url" | "not_running" | "not_paperlens" | "protocol" | "no_token" | "bad_token"
  message: string
}

const TIMEOUT_MS = 5000

const result = (ok: boolean, code: TestResult["code"], message: string): TestResult => ({ ok, code, message })

async function health(url: string): Promise<TestResult | { protocol: number; version: string }> {
  let response: Response
  try {
    response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(TIMEOUT_MS) })
  } catch {
    return result(false, "not_running", `Nothing answers at ${url}: is the server running? Start it with \`paperlens serve\` (or ./scripts/run.sh).`)
  }
  const body = (await response.json().catch(() => null)) as { status?: unknown; protocol?: unknown; version?: unknown } | null
  if (!response.ok || body?.status !== "ok" || typeof body.protocol !== "number") {
    return result(false, "not_paperlens", `${url} answered (HTTP ${response.status}), but not as a PaperLens server: check the URL (the server prints it, e.g. http://127.0.0.1:8377).`)
  }
  return { protocol: body.protocol, version: String(body.version ?? "?") }
}

function hello(url: string, token: string): Promise<TestResult> {
  return new Promise((resolve) => {
    const socket = new WebSocket(socketUrl(url))
    const done = (answer: TestResult) => {
      clearTimeout(timer)
      socket.onclose = socket.onmessage = null
      socket.close()
      resolve(answer)
    }
    const timer = setTimeout(() => done(result(false, "not_paperlens", `${url} did not answer the handshake.`)), TIMEOUT_MS)
    socket.onopen = () => socket.send(JSON.stringify({ type: "hello", token, protocol: PROTOCOL_VERSION, client: "paperlens-options" }))
    socket.onmessage = (event) => {
      const frame = parseServerFrame(String(event.data))
      if (frame?.type === "welcome") done(result(true, "ok", `Connected as ${frame.user}.`))
      else if (frame?.type === "error" && frame.code === "bad_token") {
        done(result(false, "bad_token", "The server refused this token. Paste the token it printed, or make one with `paperlens user add NAME`."))
      } else if (frame?.type === "error") done(result(false, "protocol", `The server refused the handshake: ${frame.message}`))
    }
    socket.onclose = () => done(result(false, "not_paperlens", `${url} closed the connection during the handshake.`))
  })
}

export async function handleTestConnection(message: TestConnectionMessage): Promise<TestResult> {
  const url = normalizeServerUrl(String(message.serverUrl ?? ""))
  if (!url) return result(false, "invalid_url", `"${message.serverUrl}" is not a server URL; expected something like http://127.0.0.1:8377.`)
  const server = await health(url)
  if ("code" in server) return server
  if (server.protocol !== PROTOCOL_VERSION) {
    return result(false, "protocol", `The server speaks protocol ${server.protocol}, this extension ${PROTOCOL_VERSION}: update the older one.`)
  }
  const token = String(message.token ?? "").trim()
  if (!token) return result(false, "no_token", `PaperLens ${server.version} is running at ${url}; now paste your token.`)
  return hello(url, token)
}

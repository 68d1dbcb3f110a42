// Owns the one WebSocket to the PaperLens server and the connection state machine:
//   no_token      no token configured; waits for settings
//   connecting    socket opening or hello sent, no welcome yet
//   connected     welcome received; frames flow, ping every 20 s
//   unauthorized  the server refused the token; retried only on new settings, an explicit
//                 reconnect, or after a long pause (a wrong token must not hammer the server)
//   offline       server not reachable; retried with backoff and jitter. A retry stays
//                 `offline` until it succeeds, so badges do not flicker on every attempt.
import {
  type ClientFrame,
  PROTOCOL_VERSION,
  type ServerFrame,
  parseServerFrame
} from "../../protocol"
import {
  type ConnectionState,
  type ConnectionStatus
} from "../../shared/connection-status"
import { DEFAULT_SERVER_URL, type Settings, sameSettings, settingsKey, socketUrl } from "../../shared/settings"
import { backoffDelay } from "./backoff"

const HANDSHAKE_TIMEOUT_MS = 10_000
export const PING_INTERVAL_MS = 20_000
// Two pings without any answer: the socket is dead even if no close event ever came.
const SILENCE_LIMIT_MS = 2 * PING_INTERVAL_MS + 5_000
export const UNAUTHORIZED_RETRY_MS = 15 * 60_000
// shared_schema/README.md: a bad token is answered with `error` bad_token and close 4401.
const BAD_TOKEN_CLOSE = 4401

export interface ConnectionEvents {
  status(status: ConnectionStatus): void
  /** Every frame but pongs (the keepalive's business), after the state change it caused. */
  frame(frame: ServerFrame): void
}

type Timer = ReturnType<typeof setTimeout>

export class Connection {
  private settings: Settings | null = null
  private socket: WebSocket | null = null
  private current: ConnectionStatus = {
    state: "connecting",
    server_url: DEFAULT_SERVER_URL,
    user: null,
    detail: null,
    since: Date.now(),
    settings_key: ""
  }
  // The first status of a worker is always published, even if it equals the restored one.
  private published = false
  private attempt = 0
  private retryTimer: Timer | undefined
  private handshakeTimer: Timer | undefined
  private pingTimer: ReturnType<typeof setInterval> | undefined
  private lastHeard = 0
  private pings = 0

  constructor(
    private readonly events: ConnectionEvents,
    private readonly client: string
  ) {}

  get status(): ConnectionStatus {
    return this.current
  }

  /** The status a previous worker published, so a restart can continue where it was. */
  restore(status: ConnectionStatus | null): void {
    if (status) this.current = status
  }

  /**
   * New settings restart the connection; the same settings leave it alone. A restarted
   * worker whose previous one was refused, or found the server down, with these very settings
   * keeps that state rather than starting over as if nothing had happened.
   */
  use(settings: Settings): void {
    const first = this.settings === null
    if (sameSettings(this.settings, settings)) return
    this.settings = settings
    this.attempt = 0
    const { state, since, settings_key } = this.current
    const measured = first && settings_key === settingsKey(settings)
    if (measured && state === "unauthorized" && Date.now() - since < UNAUTHORIZED_RETRY_MS) return
    this.connect(measured && state === "offline")
  }

  /** The user asked to connect now (options saved): skip any wait, keep a live connection. */
  retryNow(): void {
    if (!this.settings) return
    if (this.socket && (this.current.state === "connected" || this.current.state === "connecting")) return
    this.attempt = 0
    this.connect(false)
  }

  /** Periodic wake-up (alarm): reconnect if nothing is pending, drop a silent socket. */
  wake(): void {
    if (!this.settings) return
    if (this.socket) {
      if (this.current.state === "connected" && Date.now() - this.lastHeard > SILENCE_LIMIT_MS) {
        this.drop("no answer from the server")
      }
      return
    }
    if (this.retryTimer !== undefined) return
    const { state, since } = this.current
    if (state === "no_token") return
    if (state === "unauthorized" && Date.now() - since < UNAUTHORIZED_RETRY_MS) return
    this.connect(state === "offline")
  }

  /** Sends when connected; false otherwise (the caller's state is re-sent after welcome). */
  send(frame: ClientFrame): boolean {
    if (this.current.state !== "connected" || this.socket?.readyState !== WebSocket.OPEN) return false
    this.socket.send(JSON.stringify(frame))
    return true
  }

  private connect(quiet: boolean): void {
    this.teardown()
    const settings = this.settings!
    if (!settings.token) {
      this.setStatus("no_token")
      return
    }
    if (!(quiet && this.current.state === "offline")) this.setStatus("connecting")
    let socket: WebSocket
    try {
      socket = new WebSocket(socketUrl(settings.serverUrl))
    } catch (error) {
      this.setStatus("offline", { detail: `bad server URL: ${String(error)}` })
      return
    }
    this.socket = socket
    this.handshakeTimer = setTimeout(() => this.drop("no welcome from the server"), HANDSHAKE_TIMEOUT_MS)
    socket.onopen = () => {
      this.lastHeard = Date.now()
      socket.send(
        JSON.stringify({ type: "hello", token: settings.token, protocol: PROTOCOL_VERSION, client: this.client } satisfies ClientFrame)
      )
    }
    socket.onmessage = (event) => this.receive(socket, event.data)
    socket.onclose = (event) => this.closed(socket, event.code, event.reason)
  }

  private receive(socket: WebSocket, data: unknown): void {
    if (socket !== this.socket) return
    this.lastHeard = Date.now()
    const frame = parseServerFrame(String(data))
    if (!frame) {
      console.warn("[PaperLens] ignoring a frame that is not a known message:", data)
      return
    }
    switch (frame.type) {
      case "welcome":
        clearTimeout(this.handshakeTimer)
        this.attempt = 0
        this.setStatus("connected", { user: frame.user })
        this.startKeepalive()
        break
      case "pong":
        return
      case "error":
        if (frame.code === "bad_token") {
          this.teardown()
          this.setStatus("unauthorized", { detail: frame.message })
          return
        }
        break
    }
    this.events.frame(frame)
  }

  private closed(socket: WebSocket, code: number, reason: string): void {
    if (socket !== this.socket) return
    this.teardown()
    if (code === BAD_TOKEN_CLOSE) {
      this.setStatus("unauthorized", { detail: reason || null })
      return
    }
    this.setStatus("offline", { detail: reason || null })
    this.scheduleRetry()
  }

  private drop(reason: string): void {
    this.teardown()
    this.setStatus("offline", { detail: reason })
    this.scheduleRetry()
  }

  private scheduleRetry(): void {
    const delay = backoffDelay(this.attempt++)
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined
      this.connect(true)
    }, delay)
  }

  private startKeepalive(): void {
    this.pingTimer = setInterval(() => {
      if (Date.now() - this.lastHeard > SILENCE_LIMIT_MS) this.drop("no answer from the server")
      else this.send({ type: "ping", nonce: String(++this.pings) })
    }, PING_INTERVAL_MS)
  }

  private teardown(): void {
    clearTimeout(this.retryTimer)
    clearTimeout(this.handshakeTimer)
    clearInterval(this.pingTimer)
    this.retryTimer = this.handshakeTimer = this.pingTimer = undefined
    const socket = this.socket
    this.socket = null
    if (socket) {
      socket.onopen = socket.onmessage = socket.onclose = null
      if (socket.readyState === WebSocket.CONNECTING || socket.readyState === WebSocket.OPEN) socket.close()
    }
  }

  private setStatus(
    state: ConnectionState,
    extra: { user?: string | null; detail?: string | null } = {}
  ): void {
    const next: ConnectionStatus = {
      state,
      server_url: this.settings?.serverUrl ?? this.current.server_url,
      user: extra.user ?? null,
      detail: extra.detail ?? null,
      since: state === this.current.state ? this.current.since : Date.now(),
      settings_key: this.settings ? settingsKey(this.settings) : ""
    }
    const c = this.current
    const same =
      c.state === next.state &&
      c.settings_key === next.settings_key &&
      c.user === next.user &&
      c.detail === next.detail
    if (same && this.published) return
    this.published = true
    this.current = next
    this.events.status(next)
  }
}

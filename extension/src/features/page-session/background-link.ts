// Owns the content script's line to the background. Its page's traffic goes over one long-lived
// port (PAGE_PORT), opened on first use and again after the worker closed it, and the
// background's pushes come back on it. A request the port cannot carry, or that is still
// unanswered when the port closes, goes by runtime.sendMessage instead, which also wakes a
// stopped worker. Clicks go by runtime.sendMessage, retried until the worker takes them.
// chrome.* is used directly: this is the content script's edge.
import type { ToBackground } from "../../background/handlers"
import type { FeedbackMessage } from "../../background/handlers/feedback"
import { PAGE_PORT, type PortReply, type PortRequest, type ToContent, isToContent, kindOf } from "../../shared/messages"

interface Pending {
  message: ToBackground
  resolve(reply: unknown): void
  reject(error: unknown): void
}

function isPortReply(message: unknown): message is PortReply {
  return kindOf(message) === "reply" && typeof (message as PortReply).id === "number"
}

export class BackgroundLink {
  private port: chrome.runtime.Port | null = null
  private lastId = 0
  private readonly pending = new Map<number, Pending>()

  constructor(private readonly onPush: (message: ToContent) => void) {}

  request<T>(message: ToBackground): Promise<T> {
    return new Promise<unknown>((resolve, reject) => {
      const id = ++this.lastId
      this.pending.set(id, { message, resolve, reject })
      try {
        this.open().postMessage({ kind: "request", id, message } satisfies PortRequest)
      } catch {
        this.fallBack(id)
      }
    }) as Promise<T>
  }

  /** A click must reach the background's durable queue: a worker that is just starting up can
   * refuse a message, so try again (0.25 s, 0.5 s, … up to about 30 s) rather than lose it. */
  async sendClick(message: FeedbackMessage): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await chrome.runtime.sendMessage(message)
        return
      } catch (error) {
        if (attempt >= 7) throw error
        await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt))
      }
    }
  }

  private open(): chrome.runtime.Port {
    if (this.port) return this.port
    const port = chrome.runtime.connect({ name: PAGE_PORT })
    port.onMessage.addListener((message: unknown) => {
      if (isPortReply(message)) {
        const pending = this.pending.get(message.id)
        this.pending.delete(message.id)
        pending?.resolve(message.reply)
      } else if (isToContent(message)) {
        this.onPush(message)
      }
    })
    port.onDisconnect.addListener(() => {
      // Read, so that Chrome does not log it as unchecked: a stopped worker is routine.
      void chrome.runtime.lastError
      if (this.port === port) this.port = null
      for (const id of [...this.pending.keys()]) this.fallBack(id)
    })
    this.port = port
    return port
  }

  private fallBack(id: number): void {
    const pending = this.pending.get(id)
    if (!pending) return
    this.pending.delete(id)
    chrome.runtime.sendMessage(pending.message).then(pending.resolve, pending.reject)
  }
}

// Content script for huggingface.co/papers (every list page, search and paper pages): starts a
// PageSession that reads the papers, paints a badge, Save and Not interested on each, and relays
// between those and the background. It must never break the page, so every failure is caught
// and logged.
import type { PlasmoCSConfig } from "plasmo"

import { PageSession } from "../lib/page-session"
import { loadRankMode, saveRankMode, watchRankMode } from "../lib/rank-mode"
import { type PageReply, type ToBackground, isToContent } from "../messages"

export const config: PlasmoCSConfig = {
  matches: ["https://huggingface.co/papers*"],
  run_at: "document_idle"
}

const log = (...args: unknown[]) => console.warn("[PaperLens]", ...args)

function send<T>(message: ToBackground): Promise<T> {
  return chrome.runtime.sendMessage(message) as Promise<T>
}

/** A click must reach the background's durable queue: a worker that is just starting up can
 * refuse a message, so try again (0.25 s, 0.5 s, … up to about 30 s) rather than lose it. */
async function sendClick(message: ToBackground): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await send(message)
      return
    } catch (error) {
      if (attempt >= 7) throw error
      await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt))
    }
  }
}

async function main(): Promise<void> {
  const session = new PageSession(document, {
    sendPage: (message) => send<PageReply | undefined>(message),
    sendFeedback: (message) => void sendClick(message).catch(log),
    rankMode: await loadRankMode(),
    saveRankMode: (mode) => void saveRankMode(mode).catch(log)
  })
  chrome.runtime.onMessage.addListener((message: unknown) => {
    try {
      if (isToContent(message)) session.handle(message)
    } catch (error) {
      log(error)
    }
  })
  watchRankMode((mode) => session.applyMode(mode))
  session.start()
}

main().catch(log)

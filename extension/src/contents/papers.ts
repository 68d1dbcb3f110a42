// Content script for huggingface.co/papers: reads the papers on the page, paints a badge and a
// Save toggle on every card, and relays between those and the background. It must never break
// the page, so every failure is caught and logged.
import type { PlasmoCSConfig } from "plasmo"

import { describeStatus } from "../lib/connection-status"
import { PageAnnotator } from "../lib/annotator"
import { readPage } from "../lib/read-papers"
import { type FeedbackMessage, type PageMessage, type PageReply, isToContent } from "../messages"

export const config: PlasmoCSConfig = {
  matches: ["https://huggingface.co/papers*"],
  run_at: "document_idle"
}

const log = (...args: unknown[]) => console.warn("[PaperLens]", ...args)

async function send<T>(message: PageMessage | FeedbackMessage): Promise<T> {
  return (await chrome.runtime.sendMessage(message)) as T
}

async function main(): Promise<void> {
  const { papers, cards } = readPage(document)
  if (papers.length === 0) return

  const annotator = new PageAnnotator(papers, cards, (message) => {
    send(message).catch(log)
  })
  chrome.runtime.onMessage.addListener((message: unknown) => {
    try {
      if (isToContent(message)) annotator.handle(message)
    } catch (error) {
      log(error)
    }
  })

  try {
    const reply = await send<PageReply>({ kind: "page", url: location.href, papers })
    annotator.applySaved(reply.saved_ids)
    annotator.applyConnection(reply.connection.state, describeStatus(reply.connection))
  } catch (error) {
    // The extension was reloaded or its worker failed: this page cannot be scored.
    annotator.applyConnection("offline", "PaperLens is not running; reload the page")
    log(error)
  }
}

main().catch(log)

// Content script for huggingface.co/papers (every list page, search and paper pages): starts a
// PageSession that reads the papers, paints a badge, Save and Not interested on each, and relays
// between those and the background. It must never break the page, so every failure is caught
// and logged. It starts with the document (document_start), not once the page is idle: the
// papers can leave for scoring as soon as the site's JSON island is parsed, which is before the
// cards are, and the badges follow the cards in as the parser adds them.
import type { PlasmoCSConfig } from "plasmo"

import type { PageReply } from "../background/handlers/page"
import { loadRankMode, saveRankMode, watchRankMode } from "../features/for-me/rank-mode"
import { BackgroundLink } from "../features/page-session/background-link"
import { PageSession } from "../features/page-session/session"
import { type ToContent, isToContent } from "../shared/messages"

export const config: PlasmoCSConfig = {
  matches: ["https://huggingface.co/papers*"],
  run_at: "document_start"
}

const log = (...args: unknown[]) => console.warn("[PaperLens]", ...args)

function main(): void {
  const receive = (message: ToContent) => {
    try {
      session.handle(message)
    } catch (error) {
      log(error)
    }
  }
  // The page and what answers it travel on the link's port; pushes from a background that has
  // no port to this tab (it was restarted) come as runtime messages.
  const link = new BackgroundLink(receive)
  const session = new PageSession(document, {
    sendPage: (message) => link.request<PageReply | undefined>(message),
    sendFeedback: (message) => void link.sendClick(message).catch(log),
    rankMode: "site",
    saveRankMode: (mode) => void saveRankMode(mode).catch(log)
  })
  chrome.runtime.onMessage.addListener((message: unknown) => {
    if (isToContent(message)) receive(message)
  })
  watchRankMode((mode) => session.applyMode(mode))
  session.start()
  // Only the order waits for the remembered choice; reading the papers and sending them do not.
  loadRankMode()
    .then((mode) => session.applyMode(mode))
    .catch(log)
}

try {
  main()
} catch (error) {
  log(error)
}

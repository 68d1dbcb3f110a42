// Owns the popup's line about the current tab: how many papers PaperLens annotated there, or
// that it does not recognise the page (and so shows nothing on it), or that it is not a papers
// page at all. The tab is the active one, or `?tab=<id>` (how tests open the popup in a tab).
import { useEffect, useState } from "react"

import type { TabInfo } from "../background/handlers/tab-info"
import { ask } from "./api"

async function currentTabId(): Promise<number | null> {
  const param = new URLSearchParams(location.search).get("tab")
  if (param) return Number(param)
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true })
  return tab?.id ?? null
}

function words(info: TabInfo | null): string {
  if (!info) return "Open huggingface.co/papers to see PaperLens scores."
  switch (info.shape) {
    case "unknown":
      return "PaperLens does not recognise this page's layout, so it shows nothing here."
    case "paper":
      return "This paper is scored; similar papers are listed under its title."
    case "list":
      return `${info.papers} ${info.papers === 1 ? "paper" : "papers"} on this page scored.`
  }
}

export function PageStatus() {
  const [info, setInfo] = useState<TabInfo | null | undefined>(undefined)
  useEffect(() => {
    currentTabId()
      .then((tabId) => (tabId === null ? null : ask<TabInfo | null>({ kind: "tab-info", tabId })))
      .then((answer) => setInfo(answer ?? null), () => setInfo(null))
  }, [])
  if (info === undefined) return null
  return (
    <p id="page-status" data-shape={info?.shape ?? "none"} style={{ margin: "0 0 10px" }}>
      {words(info)}
    </p>
  )
}

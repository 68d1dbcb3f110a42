// Owns delivery from the background to content scripts: by the tab's port when it has one open,
// else by tabs.sendMessage. A tab that closed or navigated away has no listener; that is normal,
// not an error.
import type { ToContent } from "../shared/messages"
import { postToTab } from "./ports"

export function sendToTab(tabId: number, message: ToContent): void {
  if (!postToTab(tabId, message)) chrome.tabs.sendMessage(tabId, message).catch(() => undefined)
}

export function broadcast(tabIds: readonly number[], message: ToContent): void {
  for (const tabId of tabIds) sendToTab(tabId, message)
}

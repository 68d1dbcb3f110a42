// Owns delivery from the background to content scripts. A tab that closed or navigated away
// has no listener; that is normal, not an error.
import type { ToContent } from "../messages"

export function sendToTab(tabId: number, message: ToContent): void {
  chrome.tabs.sendMessage(tabId, message).catch(() => undefined)
}

export function broadcast(tabIds: readonly number[], message: ToContent): void {
  for (const tabId of tabIds) sendToTab(tabId, message)
}

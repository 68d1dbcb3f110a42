// Owns the ports content scripts open to the background (runtime.connect, one per tab): the
// fast lane both ways. A message on an open port is one hop, where runtime.sendMessage and
// tabs.sendMessage each first open a channel and ask every frame for a listener. A tab whose
// port is gone (a stopped worker closes them all) is still reached by tabs.sendMessage.
import { PAGE_PORT, type PortReply, type PortRequest, type ToContent, kindOf } from "../shared/messages"
import { type ToBackground, isToBackground } from "./handlers"

type Handle = (message: ToBackground, sender: chrome.runtime.MessageSender) => Promise<unknown>

const ports = new Map<number, chrome.runtime.Port>()

function isPortRequest(message: unknown): message is PortRequest {
  return kindOf(message) === "request" && isToBackground((message as PortRequest).message)
}

/** Takes in a port a content script opened, answering its requests with `handle`. */
export function adoptPort(port: chrome.runtime.Port, handle: Handle): void {
  const tabId = port.sender?.tab?.id
  if (port.name !== PAGE_PORT || tabId === undefined || !port.sender) return
  const sender = port.sender
  ports.set(tabId, port)
  port.onDisconnect.addListener(() => {
    if (ports.get(tabId) === port) ports.delete(tabId)
  })
  port.onMessage.addListener((request: unknown) => {
    if (!isPortRequest(request)) return
    const answer = (reply: unknown) => {
      if (ports.get(tabId) === port) port.postMessage({ kind: "reply", id: request.id, reply } satisfies PortReply)
    }
    handle(request.message, sender).then(answer, () => answer(undefined))
  })
}

/** True when the message left on the tab's port; false when the tab has none open. */
export function postToTab(tabId: number, message: ToContent): boolean {
  const port = ports.get(tabId)
  if (!port) return false
  try {
    port.postMessage(message)
    return true
  } catch {
    // Closed under us (the tab navigated away): forget it and let the caller use the slow lane.
    ports.delete(tabId)
    return false
  }
}

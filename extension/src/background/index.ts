// The background service worker: wires the connection, the durable state and the handlers to
// the browser's events. Listeners are registered synchronously at start-up (an MV3 worker
// woken by an event only sees listeners added in its first turn); they wait for the state to
// be loaded from storage before acting.
import { describeStatus, readStatus, writeStatus } from "../shared/connection-status"
import { loadSettings, watchSettings } from "../shared/settings"
import { storageArea } from "../shared/storage"
import { Connection } from "./connection/connection"
import type { BackgroundContext } from "./context"
import { FeedbackQueue } from "./feedback-queue"
import { handleFrame } from "./frames"
import { type ToBackground, handleMessage, isToBackground } from "./handlers"
import { Library } from "./library/library"
import { PageRegistry, pageIdOf } from "./pages"
import { adoptPort } from "./ports"
import { broadcast } from "./tabs"

const ALARM = "paperlens-wake"
const log = (...args: unknown[]) => console.warn("[PaperLens]", ...args)

const queue = new FeedbackQueue(storageArea("local"))
const pages = new PageRegistry(storageArea("session"))
const ctx: BackgroundContext = {
  queue,
  pages,
  library: new Library(storageArea("local"), queue, (message) => broadcast(pages.tabIds(), message)),
  connection: new Connection(
    {
      status(status) {
        writeStatus(status).catch(log)
        broadcast(pages.tabIds(), { kind: "connection", state: status.state, detail: describeStatus(status) })
      },
      frame(frame) {
        handleFrame(ctx, frame).catch(log)
      }
    },
    `paperlens-extension/${chrome.runtime.getManifest().version}`
  )
}

const ready: Promise<void> = (async () => {
  await Promise.all([ctx.queue.load(), ctx.library.load(), ctx.pages.load()])
  ctx.connection.restore(await readStatus())
  ctx.connection.use(await loadSettings())
})()
ready.catch(log)

const handle = (message: ToBackground, sender: chrome.runtime.MessageSender): Promise<unknown> => {
  const answer = ready.then(() => handleMessage(ctx, message, sender))
  answer.catch(log)
  return answer
}

chrome.runtime.onMessage.addListener((message: unknown, sender, sendResponse) => {
  if (!isToBackground(message)) return false
  handle(message, sender).then(sendResponse, () => sendResponse(undefined))
  return true // the answer is sent asynchronously
})

chrome.runtime.onConnect.addListener((port) => adoptPort(port, handle))

watchSettings(() => {
  ready
    .then(loadSettings)
    .then((settings) => ctx.connection.use(settings))
    .catch(log)
})

chrome.tabs.onRemoved.addListener((tabId) => {
  ready
    .then(() => {
      // An empty page tells the server to forget it and stop pushing its scores.
      ctx.connection.send({ type: "page", page_id: pageIdOf(tabId), papers: [] })
      return ctx.pages.remove(tabId)
    })
    .catch(log)
})

// setTimeout does not survive the worker being stopped; the alarm wakes it to reconnect.
chrome.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === ALARM) ready.then(() => ctx.connection.wake()).catch(log)
})
chrome.alarms
  .get(ALARM)
  .then((existing) => (existing ? undefined : chrome.alarms.create(ALARM, { periodInMinutes: 1 })))
  .catch(log)

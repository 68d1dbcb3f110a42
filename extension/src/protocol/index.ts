// Owns the protocol vocabulary built on the generated types (the only source of message
// shapes): the protocol version, the frames grouped by direction, and the guard that turns a
// received text frame into a typed server message.
import type {
  Ack,
  Error as ErrorFrame,
  Feedback,
  Hello,
  Page,
  Paper,
  Ping,
  Pong,
  Recommend,
  Recommendations,
  Saved,
  Scores,
  Welcome
} from "./generated"

export type {
  Ack,
  ErrorFrame,
  Feedback,
  Hello,
  Page,
  Paper,
  Ping,
  Pong,
  Recommend,
  Recommendations,
  Saved,
  Scores,
  Welcome
}

export const PROTOCOL_VERSION = 1

export type ClientFrame = Hello | Page | Feedback | Recommend | Ping
export type ServerFrame = Welcome | Scores | Ack | Saved | Recommendations | Pong | ErrorFrame

export type FeedbackAction = Feedback["action"]
export type PaperScore = Scores["papers"][number]
export type Recommendation = Recommendations["papers"][number]

export const SERVER_TYPES: ReadonlySet<string> = new Set<ServerFrame["type"]>([
  "welcome",
  "scores",
  "ack",
  "saved",
  "recommendations",
  "pong",
  "error"
])

/** The server is trusted to follow the schemas; this only rejects what is not a frame at all. */
export function parseServerFrame(text: string): ServerFrame | null {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return null
  }
  if (typeof value !== "object" || value === null) return null
  const type = (value as { type?: unknown }).type
  return typeof type === "string" && SERVER_TYPES.has(type) ? (value as ServerFrame) : null
}

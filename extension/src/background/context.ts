// Owns the shape of the background's state as handed to every message and frame handler.
import type { Connection } from "./connection/connection"
import type { FeedbackQueue } from "./feedback-queue"
import type { Library } from "./library/library"
import type { PageRegistry } from "./pages"

export interface BackgroundContext {
  connection: Connection
  queue: FeedbackQueue
  library: Library
  pages: PageRegistry
}

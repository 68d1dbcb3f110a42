// Unit tests run in jsdom: the page reader and the overlay work on a real-enough DOM.
import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    environment: "jsdom",
    include: ["test/**/*.test.ts"]
  }
})

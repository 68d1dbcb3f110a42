// Owns the few styles the popup and options page share.
import type { CSSProperties } from "react"

export const page: CSSProperties = {
  fontFamily: 'system-ui, -apple-system, "Segoe UI", sans-serif',
  fontSize: 14,
  lineHeight: 1.4,
  color: "#111827",
  padding: 16
}

export const title: CSSProperties = { fontSize: 16, margin: "0 0 12px" }

export const heading: CSSProperties = { fontSize: 13, margin: "14px 0 6px", textTransform: "uppercase", letterSpacing: 0.4, color: "#4b5563" }

export const button: CSSProperties = {
  font: "inherit",
  padding: "6px 14px",
  borderRadius: 6,
  border: "1px solid #1d4ed8",
  background: "#1d4ed8",
  color: "#fff",
  cursor: "pointer"
}

export const quietButton: CSSProperties = {
  ...button,
  padding: "2px 8px",
  fontSize: 12,
  background: "#fff",
  color: "#1f2937",
  border: "1px solid #9ca3af"
}

export const list: CSSProperties = { margin: 0, padding: "0 0 0 1.2em" }

export const link: CSSProperties = { color: "#1d4ed8", textDecoration: "none" }

export const muted: CSSProperties = { color: "#4b5563", fontSize: 12 }

export const STATE_COLOURS: Record<string, string> = {
  connected: "#16a34a",
  connecting: "#ca8a04",
  offline: "#dc2626",
  unauthorized: "#dc2626",
  no_token: "#6b7280"
}

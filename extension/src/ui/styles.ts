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

export const button: CSSProperties = {
  font: "inherit",
  padding: "6px 14px",
  borderRadius: 6,
  border: "1px solid #2563eb",
  background: "#2563eb",
  color: "#fff",
  cursor: "pointer"
}

export const STATE_COLOURS: Record<string, string> = {
  connected: "#16a34a",
  connecting: "#ca8a04",
  offline: "#dc2626",
  unauthorized: "#dc2626",
  no_token: "#6b7280"
}

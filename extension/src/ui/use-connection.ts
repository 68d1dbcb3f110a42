// Owns the React view of the background's state for the popup and options page: the
// connection status and the saved set, both live from storage.
import { useEffect, useState } from "react"

import { SAVED_KEY } from "../background/library"
import { type ConnectionStatus, readStatus, watchStatus } from "../lib/connection-status"

export function useConnectionStatus(): [ConnectionStatus | null, (s: ConnectionStatus) => void] {
  const [status, setStatus] = useState<ConnectionStatus | null>(null)
  useEffect(() => {
    readStatus().then((s) => s && setStatus(s))
    return watchStatus(setStatus)
  }, [])
  return [status, setStatus]
}

export function useSavedCount(): number | null {
  const [count, setCount] = useState<number | null>(null)
  useEffect(() => {
    const apply = (ids: unknown) => setCount(Array.isArray(ids) ? ids.length : 0)
    chrome.storage.local.get(SAVED_KEY).then((stored) => apply(stored[SAVED_KEY]))
    const listener = (changes: Record<string, chrome.storage.StorageChange>, area: string) => {
      if (area === "local" && SAVED_KEY in changes) apply(changes[SAVED_KEY].newValue)
    }
    chrome.storage.onChanged.addListener(listener)
    return () => chrome.storage.onChanged.removeListener(listener)
  }, [])
  return count
}

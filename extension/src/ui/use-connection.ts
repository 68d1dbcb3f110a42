// Owns the React view of the background's connection status for the popup and options page.
import { useEffect, useState } from "react"

import { type ConnectionStatus, readStatus, watchStatus } from "../shared/connection-status"

export function useConnectionStatus(): [ConnectionStatus | null, (s: ConnectionStatus) => void] {
  const [status, setStatus] = useState<ConnectionStatus | null>(null)
  useEffect(() => {
    readStatus().then((s) => s && setStatus(s))
    return watchStatus(setStatus)
  }, [])
  return [status, setStatus]
}

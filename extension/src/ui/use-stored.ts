// Owns the React view of a value the background publishes in storage (saved and pending ids,
// "for you"): read once, then followed live.
import { useEffect, useState } from "react"

export function useStored<T>(areaName: "local" | "session", key: string): T | null {
  const [value, setValue] = useState<T | null>(null)
  useEffect(() => {
    const area = chrome.storage[areaName] ?? chrome.storage.local
    area.get(key).then((stored) => setValue((stored[key] as T | undefined) ?? null))
    const listener = (changes: Record<string, chrome.storage.StorageChange>) => {
      if (key in changes) setValue((changes[key].newValue as T | undefined) ?? null)
    }
    area.onChanged.addListener(listener)
    return () => area.onChanged.removeListener(listener)
  }, [areaName, key])
  return value
}

// Owns the React view of a value the background publishes in storage (saved and pending ids,
// "for you"): read once, then followed live.
import { useEffect, useState } from "react"

import { type AreaName, readKey, watchKey } from "../shared/storage"

export function useStored<T>(area: AreaName, key: string): T | null {
  const [value, setValue] = useState<T | null>(null)
  useEffect(() => {
    readKey<T>(area, key).then(setValue)
    return watchKey<T>(area, key, setValue)
  }, [area, key])
  return value
}

// Owns where PaperLens keeps state in the browser, for every context: `local` for what must
// survive a browser restart (settings, the feedback queue, the saved set, the order chosen),
// `session` for what must not outlive the browser session that measured it (the connection
// status, each tab's page, "for you"). Where a browser has no session area, local stands in:
// this is the one place that choice is made.
export type AreaName = "local" | "session"

/** The two calls the background's state modules make, so that tests can hand them a Map. */
export interface KeyValueStore {
  get(keys: string | string[]): Promise<Record<string, unknown>>
  set(items: Record<string, unknown>): Promise<void>
}

export function storageArea(name: AreaName): chrome.storage.StorageArea {
  return (name === "session" && chrome.storage.session) || chrome.storage.local
}

export async function readKey<T>(area: AreaName, key: string): Promise<T | null> {
  return ((await storageArea(area).get(key))[key] as T | undefined) ?? null
}

/** Calls back with each new value of `key` (null once removed); returns the unsubscribe function. */
export function watchKey<T>(area: AreaName, key: string, onChange: (value: T | null) => void): () => void {
  const storage = storageArea(area)
  const listener = (changes: Record<string, chrome.storage.StorageChange>) => {
    if (key in changes) onChange((changes[key].newValue as T | undefined) ?? null)
  }
  storage.onChanged.addListener(listener)
  return () => storage.onChanged.removeListener(listener)
}

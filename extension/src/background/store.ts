// Owns the storage areas the background keeps state in, behind the two calls it uses, so the
// state modules can be tested with an in-memory store.
export interface KeyValueStore {
  get(key: string): Promise<Record<string, unknown>>
  set(items: Record<string, unknown>): Promise<void>
}

export function memoryStore(): KeyValueStore {
  const data = new Map<string, unknown>()
  return {
    get: async (key) => (data.has(key) ? { [key]: structuredClone(data.get(key)) } : {}),
    set: async (items) => {
      for (const [key, value] of Object.entries(items)) data.set(key, structuredClone(value))
    }
  }
}

/** Survives browser restarts: the feedback queue and the saved set. */
export function localStore(): KeyValueStore {
  return chrome.storage.local
}

/**
 * Survives a worker restart but not the browser session: per-tab pages, whose tab ids mean
 * nothing in the next session. Memory only where storage.session is missing.
 */
export function sessionStore(): KeyValueStore {
  return chrome.storage.session ?? memoryStore()
}

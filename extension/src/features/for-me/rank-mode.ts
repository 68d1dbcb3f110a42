// Owns the remembered choice between "Site order" and "For me" (chrome.storage.local key
// `rank_mode`), shared by every tab: switching in one tab switches the others.

/** "site": the site's own order; "forme": by the ranks the server pushed. */
export type RankMode = "site" | "forme"

const RANK_MODE_KEY = "rank_mode"

export async function loadRankMode(): Promise<RankMode> {
  const stored = await chrome.storage.local.get(RANK_MODE_KEY)
  return stored[RANK_MODE_KEY] === "forme" ? "forme" : "site"
}

export function saveRankMode(mode: RankMode): Promise<void> {
  return chrome.storage.local.set({ [RANK_MODE_KEY]: mode })
}

export function watchRankMode(onChange: (mode: RankMode) => void): void {
  chrome.storage.onChanged.addListener((changes, area) => {
    if (area === "local" && RANK_MODE_KEY in changes) {
      onChange(changes[RANK_MODE_KEY].newValue === "forme" ? "forme" : "site")
    }
  })
}

// Owns the remembered choice between "Site order" and "For me" (chrome.storage.local key
// `rank_mode`), shared by every tab: switching in one tab switches the others.
import { readKey, storageArea, watchKey } from "../../shared/storage"

/** "site": the site's own order; "forme": by the ranks the server pushed. */
export type RankMode = "site" | "forme"

const RANK_MODE_KEY = "rank_mode"

const asMode = (value: unknown): RankMode => (value === "forme" ? "forme" : "site")

export async function loadRankMode(): Promise<RankMode> {
  return asMode(await readKey("local", RANK_MODE_KEY))
}

export function saveRankMode(mode: RankMode): Promise<void> {
  return storageArea("local").set({ [RANK_MODE_KEY]: mode })
}

export function watchRankMode(onChange: (mode: RankMode) => void): void {
  watchKey("local", RANK_MODE_KEY, (value) => onChange(asMode(value)))
}

// Owns the reconnect delay: exponential from 0.5 s, capped at 30 s, with jitter so that a
// restarted server is not met by every browser at the same instant.
const BASE_MS = 500
export const CAP_MS = 30_000

/** attempt 0 is the first retry. The delay lies in [ceiling / 2, ceiling]: never zero. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(CAP_MS, BASE_MS * 2 ** Math.max(0, attempt))
  return ceiling / 2 + (random() * ceiling) / 2
}

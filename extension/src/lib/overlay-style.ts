// Owns the look of the per-card overlay. It lives in each card's shadow root, so the page's
// styles cannot reach it and it cannot leak into the page.
export const OVERLAY_CSS = `
:host { all: initial; display: flex; align-items: center; gap: 6px; margin: 6px 0 2px;
  font: 600 12px/1.2 system-ui, -apple-system, "Segoe UI", sans-serif; }
.pl-badge { display: inline-block; min-width: 2.2em; padding: 2px 8px; border-radius: 999px;
  text-align: center; color: #fff; background: hsl(var(--pl-hue, 210) 65% 40%);
  border: 1px solid transparent; white-space: nowrap; }
.pl-badge[data-state="popular"] { color: hsl(var(--pl-hue, 210) 55% 30%);
  background: hsl(var(--pl-hue, 210) 60% 96%); border: 1px dashed currentColor; }
.pl-badge[data-state="loading"] { color: #6b7280; background: #f3f4f6; }
.pl-badge[data-state="offline"] { color: #6b7280; background: transparent; border-color: #d1d5db;
  font-weight: 500; }
.pl-save { all: unset; cursor: pointer; padding: 2px 10px; border-radius: 999px;
  border: 1px solid #d1d5db; color: #374151; background: #fff; }
.pl-save:hover { border-color: #9ca3af; }
.pl-save:focus-visible { outline: 2px solid #2563eb; outline-offset: 1px; }
.pl-save[aria-pressed="true"] { color: #fff; background: #2563eb; border-color: #2563eb; }
@media (prefers-color-scheme: dark) {
  .pl-badge[data-state="loading"] { color: #9ca3af; background: #1f2937; }
  .pl-badge[data-state="offline"] { color: #9ca3af; border-color: #4b5563; }
  .pl-save { color: #e5e7eb; background: #111827; border-color: #4b5563; }
}
`

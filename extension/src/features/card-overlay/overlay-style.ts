// Owns the look of the per-card overlay. It lives in each card's shadow root, so the page's
// styles cannot reach it and it cannot leak into the page. The host carries data-theme, set
// from the site's own light/dark switch (html.dark), because the site's theme need not follow
// the system's.
export const OVERLAY_CSS = `
:host { all: initial; position: relative; display: flex; flex-wrap: wrap; align-items: center;
  gap: 6px; margin: 6px 0 2px; font: 600 12px/1.2 system-ui, -apple-system, "Segoe UI", sans-serif;
  --pl-fg: #1f2937; --pl-muted: #4b5563; --pl-line: #9ca3af; --pl-bg: #fff; --pl-soft: #f3f4f6;
  --pl-accent: #1d4ed8; --pl-focus: #2563eb; }
:host([data-theme="dark"]) { --pl-fg: #f3f4f6; --pl-muted: #d1d5db; --pl-line: #6b7280;
  --pl-bg: #111827; --pl-soft: #1f2937; --pl-accent: #3b82f6; --pl-focus: #93c5fd; }
[hidden] { display: none !important; }
.pl-badge { display: inline-block; min-width: 2.2em; padding: 2px 8px; border-radius: 999px;
  text-align: center; color: #fff; background: hsl(var(--pl-hue, 210) 70% 33%);
  border: 1px solid transparent; white-space: nowrap; cursor: help; }
.pl-badge[data-state="popular"] { color: var(--pl-fg); background: var(--pl-soft);
  border: 1px dashed hsl(var(--pl-hue, 210) 60% 45%); font-weight: 500; }
.pl-badge[data-state="loading"] { color: var(--pl-muted); background: var(--pl-soft);
  animation: pl-pulse 1.2s ease-in-out infinite; }
.pl-badge[data-state="offline"] { color: var(--pl-muted); background: transparent;
  border: 1px dashed var(--pl-line); font-weight: 500; }
.pl-badge[data-stale="true"] { text-decoration: line-through dotted; }
@keyframes pl-pulse { 50% { opacity: .45; } }
@media (prefers-reduced-motion: reduce) { .pl-badge[data-state="loading"] { animation: none; } }
.pl-tip { display: none; position: absolute; z-index: 10; left: 0; top: calc(100% + 4px);
  max-width: 320px; padding: 6px 8px; border-radius: 6px; font-weight: 500; line-height: 1.35;
  color: var(--pl-bg); background: var(--pl-fg); box-shadow: 0 2px 8px rgb(0 0 0 / .25);
  white-space: normal; }
.pl-badge:hover + .pl-tip, .pl-badge:focus-visible + .pl-tip { display: block; }
button { all: unset; cursor: pointer; padding: 2px 10px; border-radius: 999px;
  border: 1px solid var(--pl-line); color: var(--pl-fg); background: var(--pl-bg); }
button:hover { border-color: var(--pl-muted); }
button:focus-visible, .pl-badge:focus-visible { outline: 2px solid var(--pl-focus); outline-offset: 2px; }
.pl-save[aria-pressed="true"] { color: #fff; background: var(--pl-accent); border-color: var(--pl-accent); }
.pl-dismiss[aria-pressed="true"] { color: var(--pl-muted); border-style: dashed; }
.pl-undo { color: var(--pl-muted); font-weight: 500; }
.pl-undo-button { font-weight: 700; text-decoration: underline; }
.pl-pending { color: #92400e; background: #fef3c7; border-radius: 4px; padding: 1px 6px; font-weight: 500; }
:host([data-theme="dark"]) .pl-pending { color: #fde68a; background: #78350f; }
`

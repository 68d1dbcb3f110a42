// Owns the site's light/dark theme, which every PaperLens element on the page follows:
// huggingface.co puts class "dark" on <html> when its dark theme is on (by the user's choice or
// the system's), so that, not prefers-color-scheme, decides.
export type Theme = "light" | "dark"

export function siteTheme(doc: Document): Theme {
  return doc.documentElement.classList.contains("dark") ? "dark" : "light"
}

/** Calls back when the site switches theme; returns the disconnect function. */
export function watchTheme(doc: Document, onChange: (theme: Theme) => void): () => void {
  let current = siteTheme(doc)
  const observer = new MutationObserver(() => {
    const next = siteTheme(doc)
    if (next !== current) onChange((current = next))
  })
  observer.observe(doc.documentElement, { attributes: true, attributeFilter: ["class"] })
  return () => observer.disconnect()
}

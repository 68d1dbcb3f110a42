// Owns building PaperLens's own DOM in content scripts: elements from tag, attributes and
// children, never from HTML strings, so nothing the page or the server sends can become markup;
// and shadow roots whose styles are one shared constructed sheet per document, not a <style>
// parsed again for each of a hundred cards.
type Child = Node | string

export function el(doc: Document, tag: string, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElement {
  const node = doc.createElement(tag)
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value)
  node.append(...children)
  return node
}

const sheets = new WeakMap<Document, Map<string, CSSStyleSheet>>()

function sharedSheet(doc: Document, css: string): CSSStyleSheet | null {
  const Sheet = doc.defaultView?.CSSStyleSheet
  if (!Sheet || !("replaceSync" in Sheet.prototype)) return null
  let byCss = sheets.get(doc)
  if (!byCss) sheets.set(doc, (byCss = new Map()))
  let sheet = byCss.get(css)
  if (!sheet) {
    sheet = new Sheet()
    sheet.replaceSync(css)
    byCss.set(css, sheet)
  }
  return sheet
}

/** An open shadow root on `host` styled by `css` and holding `children`. */
export function shadow(host: HTMLElement, css: string, ...children: Node[]): ShadowRoot {
  const root = host.attachShadow({ mode: "open" })
  const doc = host.ownerDocument
  let adopted = false
  try {
    const sheet = sharedSheet(doc, css)
    if (sheet) {
      root.adoptedStyleSheets = [sheet]
      adopted = true
    }
  } catch {
    // Some engines refuse sheets made in a content script's world: fall back to <style>.
  }
  if (!adopted) {
    const style = doc.createElement("style")
    style.textContent = css
    root.append(style)
  }
  root.append(...children)
  return root
}

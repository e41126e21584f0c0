/**
 * Stylesheets in the shadow root. A constructed stylesheet is CSSOM, which a strict CSP (no
 * 'unsafe-inline' styles) still allows; older browsers get a <style> element.
 */

/** Add `text` as a stylesheet of `root`. */
export function adoptStyles(root: ShadowRoot | Document, text: string): void {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(text);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  } catch {
    const style = document.createElement('style');
    style.textContent = text;
    (root instanceof Document ? root.head : root).append(style);
  }
}

const adopted = new Map<string, WeakSet<Node>>();

/** A lazily loaded chunk's stylesheet joins the root `el` is drawn in, once per root. */
export function adoptOnce(el: Element, text: string): void {
  const root = el.getRootNode() as ShadowRoot | Document;
  let roots = adopted.get(text);
  if (!roots) adopted.set(text, (roots = new WeakSet()));
  if (roots.has(root)) return;
  roots.add(root);
  adoptStyles(root, text);
}

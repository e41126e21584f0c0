/** All CSS a shadow root gets, whether through adoptedStyleSheets or <style> elements. */
export function shadowCss(root: ShadowRoot): string {
  const adopted = (root.adoptedStyleSheets ?? []).map((s) => Array.from(s.cssRules, (r) => r.cssText).join('\n'));
  const inline = Array.from(root.querySelectorAll('style'), (s) => s.textContent ?? '');
  return [...adopted, ...inline].join('\n');
}

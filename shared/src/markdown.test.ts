import { describe, expect, it } from 'vitest';
import { markdownText, parseMarkdown, renderMarkdown, type H } from './markdown';

/** A vnode tree like Preact's, so the tests can walk what the renderer asked for. */
interface El {
  type: string;
  props: Record<string, unknown>;
  children: (El | string)[];
}
const h: H<El> = (type, props, ...children) => ({ type, props: props ?? {}, children });

/** Serialize like a DOM would (text escaped), to compare whole outputs. */
function html(nodes: (El | string)[]): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return nodes
    .map((n) => {
      if (typeof n === 'string') return esc(n);
      const attrs = Object.entries(n.props)
        .filter(([k]) => k !== 'key')
        .map(([k, v]) => ` ${k}="${esc(String(v))}"`)
        .join('');
      return `<${n.type}${attrs}>${html(n.children)}</${n.type}>`;
    })
    .join('');
}
const md = (src: string, offset?: number) => html(renderMarkdown(src, h, offset === undefined ? {} : { headingOffset: offset }));

const ALLOWED_TAGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'ul', 'ol', 'li', 'pre', 'code', 'strong', 'em', 'a']);
const ALLOWED_PROPS = new Set(['key', 'href', 'rel', 'target', 'start']);
function walk(nodes: (El | string)[], visit: (el: El) => void): void {
  for (const n of nodes) {
    if (typeof n === 'string') continue;
    visit(n);
    walk(n.children, visit);
  }
}

describe('renderMarkdown', () => {
  it('renders headings, paragraphs, lists, emphasis, inline code and code blocks', () => {
    const src = [
      '# Returns',
      '',
      'You can return **any** item within *30 days*.',
      'Use `ORDER-123` as the reference.',
      '',
      '- Pack it',
      '- Print the label',
      '',
      '3. Ship it',
      '4. Wait',
      '',
      '```',
      'curl https://x.example',
      '  <b>kept</b>',
      '```',
      '### Small print',
    ].join('\n');
    expect(md(src)).toBe(
      '<h1>Returns</h1>' +
        '<p>You can return <strong>any</strong> item within <em>30 days</em>. Use <code>ORDER-123</code> as the reference.</p>' +
        '<ul><li>Pack it</li><li>Print the label</li></ul>' +
        '<ol start="3"><li>Ship it</li><li>Wait</li></ol>' +
        '<pre><code>curl https://x.example\n  &lt;b&gt;kept&lt;/b&gt;</code></pre>' +
        '<h3>Small print</h3>',
    );
  });

  it('offsets headings below the article title, capped at h6', () => {
    expect(md('# A\n\n###### B', 2)).toBe('<h3>A</h3><h6>B</h6>');
  });

  it('makes links of http, https and mailto only, with rel=noopener', () => {
    expect(md('[Docs](https://docs.example/a?b=1) and [mail](mailto:help@example.com)')).toBe(
      '<p><a href="https://docs.example/a?b=1" rel="noopener noreferrer nofollow" target="_blank">Docs</a> and ' +
        '<a href="mailto:help@example.com" rel="noopener noreferrer nofollow" target="_blank">mail</a></p>',
    );
    expect(md('See https://shop.example/faq.')).toBe(
      '<p>See <a href="https://shop.example/faq" rel="noopener noreferrer nofollow" target="_blank">https://shop.example/faq</a>.</p>',
    );
    expect(md('<https://a.example>')).toContain('<a href="https://a.example"');
    expect(md('- one\n- [two](https://two.example)')).toBe(
      '<ul><li>one</li><li><a href="https://two.example" rel="noopener noreferrer nofollow" target="_blank">two</a></li></ul>',
    );
  });

  it('keeps snake_case and lone markers as text', () => {
    expect(md('set max_retry_count to 2 * 3')).toBe('<p>set max_retry_count to 2 * 3</p>');
    expect(md('\\*not italic\\*')).toBe('<p>*not italic*</p>');
  });

  const payloads = [
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '[click](javascript:alert(1))',
    '[click](JaVaScRiPt:alert(1))',
    '[click]( javascript:alert(1) )',
    '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    '[x](vbscript:msgbox)',
    '[x](//evil.example/steal)',
    '[x](/relative)',
    '<javascript:alert(1)>',
    '[a](https://ok.example" onmouseover="alert(1))',
    '**<svg onload=alert(1)>**',
    '`<iframe src=javascript:alert(1)>`',
    '```\n</code></pre><script>alert(1)</script>\n```',
    '<a href="javascript:alert(1)">x</a>',
    '[<img src=x onerror=alert(1)>](https://ok.example)',
    '# <style>*{display:none}</style>',
    '- <div onclick=alert(1)>item</div>',
  ];

  it.each(payloads)('renders %j with only safe elements, attributes and hrefs', (payload) => {
    const out = renderMarkdown(payload, h);
    walk(out, (el) => {
      expect(ALLOWED_TAGS.has(el.type), el.type).toBe(true);
      for (const k of Object.keys(el.props)) expect(ALLOWED_PROPS.has(k), k).toBe(true);
      if (el.type === 'a') {
        expect(String(el.props.href)).toMatch(/^(https?:\/\/|mailto:)/i);
        expect(String(el.props.href)).not.toMatch(/["'<>\s]/);
        expect(el.props.rel).toContain('noopener');
      }
    });
  });

  it('shows raw HTML as text', () => {
    expect(md('<script>alert(1)</script>')).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
    expect(md('<a href="javascript:alert(1)">x</a>')).toBe('<p>&lt;a href=&quot;javascript:alert(1)&quot;&gt;x&lt;/a&gt;</p>');
  });

  it('keeps the words of a link whose target is not allowed', () => {
    expect(md('[click here](javascript:alert(1)) please')).toBe('<p>click here please</p>');
  });

  it('never throws on odd input', () => {
    for (const src of ['', '[', '[]()', '**', '`', '```', '#', '1.', '- ', '*_*_*_', '[[[[a](b)', '\\', '\u0000<>']) {
      expect(() => renderMarkdown(src, h)).not.toThrow();
    }
    expect(parseMarkdown('')).toEqual([]);
  });
});

describe('markdownText', () => {
  it('ends a heading with a full stop unless it already has punctuation', () => {
    expect(markdownText('# Shipping\nWe ship worldwide.')).toBe('Shipping.\nWe ship worldwide.');
    expect(markdownText('## Why?\nBecause.')).toBe('Why?\nBecause.');
  });

  it('drops markup and link targets', () => {
    expect(markdownText('# Title\n\nRead **the** [guide](https://g.example) now.\n\n- one\n- two')).toBe('Title.\nRead the guide now.\none two');
  });
});

/** The demo page: a small fictional shop with the Atendo snippet pasted in, as a site owner would. */
export function demoPage(snippet: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Lumen Coffee — demo shop</title>
<style>
  body { margin: 0; font: 16px/1.5 Georgia, 'Times New Roman', serif; color: #2b2118; background: #faf6f0; }
  header { background: #2b2118; color: #faf6f0; padding: 18px 32px; display: flex; justify-content: space-between; align-items: center; }
  header h1 { margin: 0; font-size: 24px; letter-spacing: .04em; }
  nav a { color: #e9c46a; margin-left: 20px; text-decoration: none; }
  main { max-width: 960px; margin: 0 auto; padding: 32px; }
  .hero { padding: 40px 0 24px; }
  .hero h2 { font-size: 36px; margin: 0 0 8px; }
  .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 20px; }
  .card { background: #fff; border-radius: 10px; padding: 20px; box-shadow: 0 1px 3px rgba(0,0,0,.08); }
  .card h3 { margin: 0 0 4px; } .price { color: #9c4a1a; font-weight: bold; }
  button.buy { margin-top: 10px; background: #9c4a1a; color: #fff; border: 0; border-radius: 6px; padding: 8px 14px; cursor: pointer; }
  footer { text-align: center; padding: 32px; color: #7a6a5a; font-size: 14px; }
</style>
</head>
<body>
<header><h1>Lumen Coffee</h1><nav><a href="#beans">Beans</a><a href="#gear">Gear</a><a href="#about">About</a></nav></header>
<main>
  <section class="hero">
    <h2>Small-batch coffee, roasted this week.</h2>
    <p>This is a demo shop. The chat bubble in the corner is Atendo, added with one script tag. Ask anything — an agent answers from the console.</p>
  </section>
  <section class="grid" id="beans">
    <div class="card"><h3>Ethiopia Guji</h3><p>Peach, jasmine, bergamot.</p><div class="price">$18.00</div><button class="buy">Add to cart</button></div>
    <div class="card"><h3>Colombia Huila</h3><p>Red apple, caramel, cocoa.</p><div class="price">$16.00</div><button class="buy">Add to cart</button></div>
    <div class="card"><h3>Brazil Cerrado</h3><p>Hazelnut, milk chocolate.</p><div class="price">$14.00</div><button class="buy">Add to cart</button></div>
    <div class="card" id="gear"><h3>Pour-over kit</h3><p>Dripper, filters and a scale.</p><div class="price">$45.00</div><button class="buy">Add to cart</button></div>
  </section>
  <section id="about"><h2>About us</h2><p>We roast on Tuesdays and ship on Wednesdays. Questions about grind size or delivery? Chat with us.</p></section>
</main>
<footer>Lumen Coffee is fictional. Powered by Atendo.</footer>
${snippet}
</body>
</html>`;
}

/**
 * `/demo/hostile` (the widget's isolation): the shop as a careless or hostile theme would style it —
 * every element unset, huge z-indexes, 40px body text and a fixed full-width header on top of
 * everything. The widget must look the same as on `/demo`.
 */
export function hostileDemoPage(snippet: string): string {
  const css = `<style>
  * { all: unset !important; }
  div, button { z-index: 99999999 !important; position: relative; }
  body { font-size: 40px; filter: none; }
  head, style, script, title { display: none !important; }
  .hostile-bar { position: fixed !important; top: 0 !important; left: 0 !important; right: 0 !important; height: 64px !important; background: #c00 !important; color: #fff !important; z-index: 99999999 !important; display: flex !important; align-items: center !important; gap: 12px !important; padding: 0 16px !important; }
  .hostile-bar input { background: #fff !important; color: #000 !important; padding: 4px 8px !important; font-size: 18px !important; }
</style>`;
  const bar = `<div class="hostile-bar">Hostile header <input id="host-search" aria-label="Search the shop" placeholder="Search"></div>`;
  return demoPage(snippet).replace('</head>', `${css}\n</head>`).replace('<body>', `<body>\n${bar}`);
}

/**
 * `/demo/api`: the shop calling the widget's JavaScript API from a script served
 * by Atendo (no inline script, so it also works under a strict CSP). `?userId=&hash=&name=` makes
 * it identify the visitor, as a site's backend would render them.
 */
export function apiDemoPage(snippet: string): string {
  const extra = `<section class="api-demo"><h2>JavaScript API</h2>
<p><button type="button" id="api-open">Atendo('open')</button> <button type="button" id="api-close">Atendo('close')</button></p>
<ol id="api-events" aria-label="Widget events"></ol></section>
<script src="/demo/api.js"></script>`;
  return demoPage(snippet).replace('</main>', `${extra}\n</main>`);
}

/** The script `/demo/api.js`: the stub from docs/widget.md ("JavaScript API"), listeners registered before the loader arrives. */
export const DEMO_API_SCRIPT = `window.Atendo = window.Atendo || function () { (Atendo.q = Atendo.q || []).push(arguments); };
(function () {
  var list = document.getElementById('api-events');
  function note(text) { var li = document.createElement('li'); li.textContent = text; list.appendChild(li); }
  Atendo('on', 'message', function (m) { note('message: ' + m.body); });
  Atendo('on', 'open', function () { note('open'); });
  Atendo('on', 'close', function () { note('close'); });
  Atendo('on', 'unread', function (n) { note('unread: ' + n); });
  var q = new URLSearchParams(location.search);
  if (q.get('userId')) Atendo('identify', { userId: q.get('userId'), hash: q.get('hash') || '', name: q.get('name') || undefined, email: q.get('email') || undefined });
  if (q.get('plan')) Atendo('setAttributes', { plan: q.get('plan') });
  document.getElementById('api-open').addEventListener('click', function () { Atendo('open'); });
  document.getElementById('api-close').addEventListener('click', function () { Atendo('close'); });
})();
`;

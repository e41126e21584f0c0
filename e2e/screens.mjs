#!/usr/bin/env node
/**
 * Screenshots of the console's main screens, and a pixel comparison of two sets of them: the check
 * that a change meant to be invisible (a stylesheet reorganised, components moved) is invisible.
 *
 *   node screens.mjs shoot --root <checkout> --out <dir> [--langs en,ru] [--widths 1366,420] [--screens inbox,reports]
 *   node screens.mjs compare <dirA> <dirB> [--diff <dir>]
 *
 * `shoot` starts `<checkout>/server/dist/main.js` (its console and widget must be built) with a fresh
 * data directory, seeds a realistic team inbox through the widget and the API, and saves
 * `<screen>--<lang>--<width>.png` for every screen, language and width. The widths straddle every
 * breakpoint of the console's CSS, so each layout is seen at least once. Run to run, only what is
 * really different is masked: times, relative ages, avatar colours (derived from random ids), the
 * site id, the snippet (it holds the site id and the server's port) and the site secret.
 *
 * `compare` diffs every pair of same-named PNGs, prints the share of differing pixels of each, writes
 * the diff images (to `<dirB>-diff` unless `--diff` says where) and exits 1 when any pair differs by
 * 1 % or more, or when a file exists on one side only.
 */
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';

const CHROMIUM = process.env.ATENDO_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const ADMIN = { email: 'admin@example.com', password: 'screens-password-123' };

/** Each width sits on one side of a breakpoint of the console's CSS (1200, 960, 900, 820, 600, 560 px). */
const WIDTHS = [1366, 1100, 930, 860, 700, 580, 420];
/** Console language → the browser's language (the console also remembers a choice in localStorage). */
const LANGS = { en: 'en-US', 'pt-BR': 'pt-BR', ru: 'ru-RU' };
const LOCALE_KEY = 'atendo:console:locale';
const FAIL_AT = 1; // % of pixels
/** One fixed day for the agent's browser: what the console computes from "now" does not move between screens. */
const TIMEZONE = 'UTC';

// Relative paths are the caller's (pnpm runs scripts in the package directory, INIT_CWD is where it was called).
const cwd = process.env.INIT_CWD || process.cwd();
const path = (p) => resolve(cwd, p);

function args(argv) {
  const out = { _: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) out[a.slice(2)] = argv[++i];
    else out._.push(a);
  }
  return out;
}

const list = (v, all) => (v ? v.split(',').map((s) => s.trim()) : all);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------------------

function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

async function startServer(root) {
  const main = resolve(root, 'server/dist/main.js');
  for (const need of [main, resolve(root, 'console/dist/index.html'), resolve(root, 'widget/dist/widget.js')]) {
    if (!existsSync(need)) throw new Error(`${need} is missing: build the server, console and widget of ${root} first`);
  }
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'atendo-screens-'));
  let output = '';
  const child = spawn(process.execPath, [main], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      ATENDO_DATA_DIR: dataDir,
      ATENDO_PUBLIC_URL: base,
      ATENDO_ADMIN_EMAIL: ADMIN.email,
      ATENDO_ADMIN_PASSWORD: ADMIN.password,
      // The demo shop is the visitors' page (off by default in production).
      ATENDO_DEMO: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const until = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (child.exitCode !== null || Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`Atendo did not start:\n${output}`);
    }
    await sleep(100);
  }
  return {
    base,
    output: () => output,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(5000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// The seed: what a small shop's team inbox looks like after a morning
// ---------------------------------------------------------------------------------------------------

/** A 96×64 picture, the same bytes every run. */
function photo() {
  const png = new PNG({ width: 96, height: 64 });
  for (let y = 0; y < png.height; y++) {
    for (let x = 0; x < png.width; x++) {
      const i = (y * png.width + x) * 4;
      png.data[i] = 120 + x;
      png.data[i + 1] = 80 + y;
      png.data[i + 2] = 60;
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

async function api(ctx, base, method, url, data) {
  const res = await ctx.request.fetch(`${base}/api/v1${url}`, { method, data, headers: { Origin: base } });
  if (!res.ok()) throw new Error(`${method} ${url}: ${res.status()} ${await res.text()}`);
  return res.status() === 204 ? null : res.json();
}

async function signIn(page, base) {
  await page.goto(`${base}/`);
  await page.locator('input[type=email], input[autocomplete=username]').first().fill(ADMIN.email);
  await page.locator('input[type=password]').fill(ADMIN.password);
  await page.locator('form button[type=submit]').click();
  await page.locator('.inbox').waitFor();
}

/**
 * A visitor on the demo shop who starts chatting: through the pre-chat form, or straight away when
 * the page identified them (`/demo/api`). Their page stays open: they are live on the site.
 */
async function visitorStarts(browser, base, who) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: who.locale, timezoneId: who.timezone });
  const page = await ctx.newPage();
  await page.goto(`${base}${who.path}`);
  await page.getByRole('button', { name: /open chat|chat with us/i }).click();
  const panel = page.getByRole('dialog');
  const form = panel.getByRole('form', { name: 'Before we start' });
  const box = panel.getByRole('textbox', { name: 'Message' });
  // With published help articles the panel opens on them; "Chat with us" leads to the chat.
  const toChat = panel.getByRole('button', { name: 'Chat with us' });
  await form.or(box).or(toChat).first().waitFor();
  if (await toChat.isVisible()) await toChat.click();
  await form.or(box).first().waitFor();
  if (await form.isVisible()) {
    await form.getByRole('textbox', { name: 'Name' }).fill(who.name);
    await form.getByRole('textbox', { name: 'E-mail' }).fill(who.email);
    await form.getByRole('textbox', { name: /Your question/ }).fill(who.question);
    await form.getByRole('button', { name: 'Start chat' }).click();
    await panel.getByRole('log').getByText(who.question).waitFor();
  }
  const say = async (text) => {
    await box.fill(text);
    await box.press('Enter');
    await panel.getByRole('log').getByText(text).waitFor();
  };
  if (!(await panel.getByRole('log').getByText(who.question).isVisible())) await say(who.question);
  return { ctx, page, panel, say };
}

async function seed(browser, base) {
  const agentCtx = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'en-US', timezoneId: TIMEZONE });
  const agent = await agentCtx.newPage();
  await signIn(agent, base);
  const { items: sites } = await api(agentCtx, base, 'GET', '/sites');
  const site = sites[0];
  const siteId = site.siteId ?? site.id;
  const { agent: me } = await api(agentCtx, base, 'GET', '/auth/me');

  // The site: pre-chat form, a proactive message, NPS besides CSAT, a look of its own.
  await api(agentCtx, base, 'PUT', `/sites/${siteId}/widget-settings`, {
    ...site.settings,
    prechat: { enabled: true, name: 'required', email: 'optional', question: 'optional' },
    nps: true,
    triggers: [
      {
        id: 'slow-shopper',
        name: 'Still deciding',
        enabled: true,
        message: 'Need a hand choosing beans? Ask us anything.',
        timeOnPageSec: 3600,
        urlPattern: '/demo*',
      },
      { id: 'returning', name: 'Welcome back', enabled: false, message: 'Welcome back! Your last order shipped.', minVisits: 2 },
    ],
  });
  await api(agentCtx, base, 'PUT', `/sites/${siteId}/appearance`, {
    color: '#0f766e',
    position: 'right',
    teamName: 'Lumen Coffee',
    greeting: 'Hi! Questions about beans, grinders or an order? We reply in minutes.',
    launcherLabel: 'Chat with us',
  });
  await api(agentCtx, base, 'POST', '/canned-replies', {
    shortcut: 'shipping',
    body: 'Orders placed before 2 pm ship the same day; delivery takes 2–4 working days.',
  });
  await api(agentCtx, base, 'POST', '/canned-replies', {
    shortcut: 'refund',
    body: 'We refund unopened bags within 30 days. Reply with your order number and we start it.',
  });
  await api(agentCtx, base, 'POST', '/canned-replies', { shortcut: 'thanks', body: 'Thanks for writing to us — enjoy your coffee!' });
  await api(agentCtx, base, 'POST', `/sites/${siteId}/articles`, {
    locale: 'en',
    title: 'How long does shipping take?',
    body: '## Shipping\n\nOrders placed **before 2 pm** ship the same day.\n\n- Standard: 2–4 working days\n- Express: next working day\n\nTrack your parcel with the link in the confirmation e-mail.',
    published: true,
  });
  await api(agentCtx, base, 'POST', `/sites/${siteId}/articles`, {
    locale: 'pt-BR',
    title: 'Como moer o café para coado',
    body: 'Use uma moagem **média-fina**, parecida com açúcar refinado.\n\n1. Pese 15 g de café\n2. Use 250 ml de água a 94 °C',
    published: false,
  });
  await api(agentCtx, base, 'POST', '/agents', { email: 'bruno@example.com', name: 'Bruno Lima', role: 'agent' });
  const { agent: olga } = await api(agentCtx, base, 'POST', '/agents', { email: 'olga@example.com', name: 'Olga Petrova', role: 'admin' });
  await api(agentCtx, base, 'PUT', `/agents/${olga.id}/active`, { active: false });

  // Online, so the widget offers the chat.
  const toggle = agent.locator('.status-toggle');
  if ((await toggle.getAttribute('aria-pressed')) !== 'true') await toggle.click();
  await agent.locator('.status-toggle[aria-pressed="true"]').waitFor();

  const reply = async (text) => {
    const box = agent.locator('.composer textarea');
    await box.fill(text);
    await box.press('Enter');
    await agent.locator('.transcript .msg-agent .bubble', { hasText: text }).waitFor();
  };
  const open = async (name) => {
    await agent.evaluate(() => (location.hash = '#/'));
    await agent.locator('.conv-list li', { hasText: name }).locator('a').click();
    await agent.locator('.conv-header').waitFor();
  };

  // A visitor who asked, was answered and rated it: resolved.
  const carlos = await visitorStarts(browser, base, {
    name: 'Carlos Mendes',
    email: 'carlos@example.com',
    question: 'Can I change the delivery address of order #1042?',
    locale: 'en-US',
    timezone: 'America/Sao_Paulo',
    path: '/demo?utm_source=newsletter&utm_campaign=autumn',
  });
  await open('Carlos Mendes');
  await reply('Sure, Carlos. Which address should it go to?');
  await carlos.say('Rua das Flores 120, apto 31, São Paulo.');
  await reply('Done: order #1042 now ships to Rua das Flores 120. You get the tracking link by e-mail.');
  await carlos.say('Perfect, thank you!');
  await agent.locator('.conv-header .conv-actions .btn-primary, .conv-header .conv-actions .btn-success').first().click();
  const survey = carlos.panel.getByRole('form', { name: 'Rate this conversation' });
  await survey.getByRole('radio', { name: '4 of 5: Good' }).check();
  await survey.getByRole('textbox', { name: 'Add a comment (optional)' }).fill('Fast answer, a bit of waiting at first');
  await survey.getByRole('radio', { name: '9', exact: true }).check();
  await survey.getByRole('button', { name: 'Send feedback' }).click();
  await carlos.panel.getByText('Thanks for your feedback!').waitFor();
  await agent.locator('.rating-summary').waitFor();

  // The conversation on screen: a verified visitor with attributes, several messages both ways, a
  // photo and a PDF, a note, tags, assigned to the admin.
  const { security } = await api(agentCtx, base, 'GET', `/sites/${siteId}/security`);
  const userId = 'customer-2231';
  const hash = createHmac('sha256', security.secret).update(userId).digest('hex');
  const ana = await visitorStarts(browser, base, {
    name: 'Ana Souza',
    email: 'ana.souza@example.com',
    question: 'Hi! Do you have a decaf that works for espresso?',
    locale: 'en-GB',
    timezone: 'Europe/Lisbon',
    // The shop's page identifies its signed-in customer (verified, with an attribute).
    path: `/demo/api?userId=${userId}&hash=${hash}&name=${encodeURIComponent('Ana Souza')}&email=${encodeURIComponent('ana.souza@example.com')}&plan=subscriber`,
  });
  await open('Ana Souza');
  await reply('Hi Ana! Yes: the Colombia Decaf (sugar-cane process) is made for espresso. Dark chocolate and cherry.');
  await ana.say('Nice. Is it whole beans only, or can you grind it?');
  await ana.say('I have a Moka pot at home, not an espresso machine.');
  await reply('We grind to order. For a Moka pot, pick "fine" at checkout — a bit coarser than espresso.');
  const chooser = ana.page.waitForEvent('filechooser');
  await ana.panel.getByRole('button', { name: 'Attach a file' }).click();
  await (await chooser).setFiles({ name: 'my-moka-pot.png', mimeType: 'image/png', buffer: photo() });
  await agent.locator('.transcript .msg-image img').waitFor();
  await ana.say('This one. Does the 250 g bag fit?');
  await agent.locator('.composer input[type=file]').setInputFiles({ name: 'brewing-guide.pdf', mimeType: 'application/pdf', buffer: PDF });
  await agent.locator('.transcript .msg-agent a.msg-file').waitFor();
  await reply('It fits two fills. Here is our brewing guide too — page 3 is the Moka pot.');
  await api(agentCtx, base, 'POST', `/conversations/${await openId(agent)}/notes`, {
    body: 'Asked for decaf twice before — offer the sample pack if she orders.',
  });
  await agent.locator('.transcript .msg-note').waitFor();
  const anaId = await openId(agent);
  await api(agentCtx, base, 'PUT', `/conversations/${anaId}/tags`, { tags: ['decaf', 'moka pot', 'pre-sale'] });
  await api(agentCtx, base, 'POST', `/conversations/${anaId}/assign`, { agentId: me.id });
  await ana.say('Great, ordering now!');
  await agent.locator('.transcript .msg-visitor .bubble, .transcript .msg:not(.msg-agent) .bubble', { hasText: 'Great, ordering now!' }).first().waitFor();
  await agent.locator('.details .tag', { hasText: 'pre-sale' }).waitFor();
  const carlosId = await api(agentCtx, base, 'GET', '/conversations?status=resolved').then((r) => r.items[0].id);

  // Quiet: nobody is typing, every message is read.
  await sleep(1500);
  const state = await agentCtx.storageState();
  await agentCtx.close();
  return { state, anaId, carlosId, visitors: [carlos, ana] };
}

async function openId(page) {
  return page.evaluate(() => decodeURIComponent(location.hash.split('/')[2] ?? ''));
}

// ---------------------------------------------------------------------------------------------------
// The screens
// ---------------------------------------------------------------------------------------------------

/**
 * What differs run to run and so is masked: clock times, ages and durations (the server's clock is
 * real), avatar colours (derived from random ids), the snippet (site id, port) and the site secret.
 */
const MASKS = [
  'time',
  '.avatar',
  '.conv-wait',
  '.presence-line:not(.is-online)',
  '.page-list .muted',
  '.history-list .muted',
  '.hit-top .muted',
  '.visitors-table td.nowrap',
  '.report-grid .stat:nth-child(n+4) .stat-value',
  '.code-box textarea',
  '.site-card-head .mono',
  "[data-testid='site-secret']",
];
/** Details rows that hold a clock time (the visitor's local time, when the conversation started). */
const MASK_TEXT = [['.details dd', /\d:\d\d/]];

/** Each screen: where it is, what shows it is ready, and any step to get there. */
function screens(ids) {
  const hash = (h) => async (page) => page.evaluate((x) => (location.hash = x), h);
  const settings = (s, ready) => ({ name: `settings-${s}`, go: hash(`#/settings/${s}`), ready, height: 1300 });
  return [
    { name: 'inbox', go: hash('#/'), ready: '.conv-list li' },
    { name: 'conversation', go: hash(`#/conversations/${ids.anaId}`), ready: '.details .tag >> nth=2', images: true },
    {
      name: 'canned',
      go: async (page) => {
        await hash(`#/conversations/${ids.anaId}`)(page);
        await page.locator('.composer textarea').fill('/');
      },
      ready: '.canned-menu li >> nth=2',
      images: true,
      after: async (page) => page.locator('.composer textarea').fill(''),
    },
    {
      name: 'note',
      go: async (page) => {
        await hash(`#/conversations/${ids.anaId}`)(page);
        await page.locator('.composer-modes button >> nth=1').click();
      },
      ready: '.composer-note',
      images: true,
      after: async (page) => page.locator('.composer-modes button >> nth=0').click(),
    },
    { name: 'resolved', go: hash(`#/conversations/${ids.carlosId}`), ready: '.rating-summary' },
    { name: 'search', go: hash('#/search/order'), ready: '.search-hit >> nth=1' },
    { name: 'visitors', go: hash('#/visitors'), ready: '.visitors-table tbody tr >> nth=1' },
    { name: 'reports', go: hash('#/reports'), ready: '.csat-bars' },
    settings('install', '.code-box textarea'),
    settings('appearance', '.preview-window'),
    settings('prechat', '.hours-table'),
    settings('proactive', '.trigger-list li >> nth=1'),
    settings('articles', '.articles-table tbody tr >> nth=1'),
    {
      name: 'settings-article-editor',
      go: async (page) => {
        await hash('#/settings/articles')(page);
        await page.locator('.article-title', { hasText: 'shipping' }).click();
      },
      ready: '.article-preview ul',
      height: 1300,
    },
    settings('canned', '.canned-list li >> nth=2'),
    settings('agents', '.agent-deactivated'),
    settings('security', "[data-testid='site-secret']"),
    settings('account', '.account form'),
    {
      name: 'shortcuts',
      go: async (page) => {
        await hash('#/')(page);
        await page.locator('.conv-list li').waitFor();
        await page.locator('body').press('?');
      },
      ready: '.overlay .dialog',
      after: async (page) => page.keyboard.press('Escape'),
    },
  ];
}

/** The page has settled: fonts, images, two frames, and the same pixels twice in a row. */
async function settle(page, images) {
  await page.evaluate(async (waitImages) => {
    await document.fonts.ready;
    if (waitImages) {
      await Promise.all(
        [...document.images].map((img) => (img.complete ? Promise.resolve() : new Promise((r) => img.addEventListener('load', r, { once: true })))),
      );
    }
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  }, images);
}

/**
 * Masks are drawn with CSS on the elements themselves (not boxes over their positions, which would
 * also cover what scrolled out of a pane): their text and children are hidden, a flat colour shows.
 */
const MASK_STYLE = `[data-screens-mask] { color: transparent !important; background: #ff00ff !important; border-color: #ff00ff !important; }
[data-screens-mask] * { visibility: hidden !important; }`;

async function markMasks(page) {
  await page.evaluate(
    ([selectors, byText]) => {
      for (const el of document.querySelectorAll('[data-screens-mask]')) el.removeAttribute('data-screens-mask');
      for (const sel of selectors) for (const el of document.querySelectorAll(sel)) el.setAttribute('data-screens-mask', '');
      for (const [sel, re] of byText) {
        for (const el of document.querySelectorAll(sel)) if (new RegExp(re).test(el.textContent ?? '')) el.setAttribute('data-screens-mask', '');
      }
    },
    [MASKS, MASK_TEXT.map(([sel, re]) => [sel, re.source])],
  );
}

async function stableShot(page, file) {
  const opts = { animations: 'disabled', caret: 'hide', style: MASK_STYLE, scale: 'css' };
  await markMasks(page);
  let prev = await page.screenshot(opts);
  for (let i = 0; i < 6; i++) {
    await sleep(120);
    await markMasks(page);
    const next = await page.screenshot(opts);
    if (next.equals(prev)) break;
    prev = next;
  }
  writeFileSync(file, prev);
}

async function agentContext(browser, lang, state, fixedNow) {
  const ctx = await browser.newContext({
    locale: LANGS[lang],
    timezoneId: TIMEZONE,
    viewport: { width: WIDTHS[0], height: 900 },
    reducedMotion: 'reduce',
    storageState: state,
    // The console's CSP refuses inline styles, the masks' included; it changes nothing drawn.
    bypassCSP: true,
  });
  await ctx.addInitScript(
    ([key, value]) => {
      try {
        localStorage.setItem(key, value);
      } catch {
        /* storage blocked: the browser's language says the same */
      }
    },
    [LOCALE_KEY, lang],
  );
  const page = await ctx.newPage();
  await page.clock.setFixedTime(fixedNow);
  return { ctx, page };
}

async function shoot(opts) {
  const root = path(opts.root ?? '.');
  const out = path(opts.out ?? 'screenshots/screens');
  const langs = list(opts.langs, Object.keys(LANGS));
  const widths = list(opts.widths, WIDTHS).map(Number);
  const only = list(opts.screens, null);
  mkdirSync(out, { recursive: true });
  const server = await startServer(root);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  let count = 0;
  const t0 = Date.now();
  try {
    const seeded = await seed(browser, server.base);
    // "Now" for the agent's browser, a few minutes after the seed: fixed, so nothing ticks.
    const fixedNow = Math.ceil(Date.now() / 60_000) * 60_000 + 5 * 60_000;
    const list = screens(seeded).filter((s) => !only || only.includes(s.name));
    for (const lang of langs) {
      // Signed out: the login page.
      if (!only || only.includes('login')) {
        const ctx = await browser.newContext({ locale: LANGS[lang], timezoneId: TIMEZONE, reducedMotion: 'reduce', bypassCSP: true });
        await ctx.addInitScript(([k, v]) => localStorage.setItem(k, v), [LOCALE_KEY, lang]);
        const page = await ctx.newPage();
        await page.clock.setFixedTime(fixedNow);
        await page.goto(`${server.base}/`);
        await page.locator('form input[type=password]').waitFor();
        for (const width of widths) {
          await page.setViewportSize({ width, height: 900 });
          await settle(page, false);
          await stableShot(page, join(out, `login--${lang}--${width}.png`));
          count++;
        }
        await ctx.close();
      }
      const { ctx, page } = await agentContext(browser, lang, seeded.state, fixedNow);
      await page.goto(`${server.base}/`);
      await page.locator('.inbox').waitFor();
      await page.locator(`html[lang="${lang}"]`).waitFor({ state: 'attached' });
      for (const s of list) {
        await page.setViewportSize({ width: widths[0], height: s.height ?? 900 });
        await s.go(page);
        await page.locator(s.ready).first().waitFor({ state: 'attached', timeout: 15_000 });
        await page.mouse.move(0, 0);
        for (const width of widths) {
          await page.setViewportSize({ width, height: s.height ?? 900 });
          await settle(page, s.images);
          await stableShot(page, join(out, `${s.name}--${lang}--${width}.png`));
          count++;
        }
        if (s.after) await s.after(page);
      }
      await ctx.close();
    }
    for (const v of seeded.visitors) await v.ctx.close();
  } catch (err) {
    console.error(server.output().split('\n').slice(-40).join('\n'));
    // What each open page showed when it failed.
    let i = 0;
    for (const ctx of browser.contexts()) for (const p of ctx.pages()) await p.screenshot({ path: join(out, `_failed-${i++}.png`) }).catch(() => {});
    throw err;
  } finally {
    await browser.close();
    await server.stop();
  }
  console.log(`${count} screenshots in ${out} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
}

// ---------------------------------------------------------------------------------------------------
// Compare
// ---------------------------------------------------------------------------------------------------

function compare(a, b, diffDir) {
  const pngs = (d) => new Set(readdirSync(d).filter((f) => f.endsWith('.png')));
  const left = pngs(a);
  const right = pngs(b);
  const names = [...new Set([...left, ...right])].sort();
  mkdirSync(diffDir, { recursive: true });
  let failed = 0;
  let max = { name: '', pct: 0 };
  const rows = [];
  for (const name of names) {
    if (!left.has(name) || !right.has(name)) {
      rows.push([name, `only in ${left.has(name) ? a : b}`]);
      failed++;
      continue;
    }
    const ia = PNG.sync.read(readFileSync(join(a, name)));
    const ib = PNG.sync.read(readFileSync(join(b, name)));
    let pct;
    if (ia.width !== ib.width || ia.height !== ib.height) {
      pct = 100;
      rows.push([name, `size ${ia.width}×${ia.height} vs ${ib.width}×${ib.height}`]);
    } else {
      const diff = new PNG({ width: ia.width, height: ia.height });
      const n = pixelmatch(ia.data, ib.data, diff.data, ia.width, ia.height, { threshold: 0.1 });
      pct = (100 * n) / (ia.width * ia.height);
      if (n > 0) writeFileSync(join(diffDir, name), PNG.sync.write(diff));
      rows.push([name, `${pct.toFixed(3)} %`]);
    }
    if (pct >= FAIL_AT) failed++;
    if (pct > max.pct) max = { name, pct };
  }
  const width = Math.max(...rows.map((r) => r[0].length));
  for (const [name, what] of rows) console.log(`${name.padEnd(width)}  ${what}`);
  console.log(
    `\n${names.length} files; max ${max.pct.toFixed(3)} % (${max.name || '—'}); ${failed} at or over ${FAIL_AT} % or on one side only; diffs in ${diffDir}`,
  );
  return failed === 0;
}

// ---------------------------------------------------------------------------------------------------

const [mode, ...rest] = process.argv.slice(2);
const opts = args(rest);
if (mode === 'shoot') {
  await shoot(opts);
} else if (mode === 'compare' && opts._.length === 2) {
  const [a, b] = opts._.map(path);
  process.exit(compare(a, b, opts.diff ? path(opts.diff) : `${b.replace(/\/$/, '')}-diff`) ? 0 : 1);
} else {
  console.error(
    'usage: screens.mjs shoot --root <checkout> --out <dir> [--langs a,b] [--widths n,m] [--screens x,y]\n       screens.mjs compare <dirA> <dirB> [--diff <dir>]',
  );
  process.exit(2);
}

/**
 * The console's main screens, rendered in pt-BR and in ru, show no English. Every visible
 * text and every placeholder / title / aria-label / alt is checked against the English of the i18n
 * tables (each entry some language translates, less the loanwords a language keeps on purpose) and a
 * few hand-listed English words and units; each offender is reported with the screen it was found on.
 * Visitor data in the fixtures is Portuguese, so whatever English turns up is the console's own.
 */
import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import {
  DEFAULT_WIDGET_SETTINGS,
  type AgentSummary,
  type Article,
  type LiveVisitor,
  type Report,
  type VisitorProfile,
  type WebhookDelivery,
  type WebhookEndpoint,
} from '@atendo/shared';
import { AGENT, conversation, installFetch, message, site, type Route } from '../../test/fakes';
import { renderSignedIn } from '../../test/render';
import { locale, messages, t, type MessageKey } from '../i18n';
import { boot } from '../state/session';
import { navigate } from '../state/route';
import { aReport } from '../reports/report-fixture';
import { App } from './App';

type Target = 'pt-BR' | 'ru';
const TARGETS: readonly Target[] = ['pt-BR', 'ru'];

interface Pattern {
  re: RegExp;
  /** What it stands for: the table key and its English, or why a hand-listed one is English. */
  what: string;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Not inside a longer word: "Open" must not match "OpenAI", "Text" not "Texto", "Security" not "Content-Security-Policy". */
const word = (body: string) => new RegExp(`(?<![\\p{L}\\p{N}-])${body}(?![\\p{L}\\p{N}-])`, 'u');

/**
 * English a language keeps on purpose, as its speakers write it (loanwords of Brazilian Portuguese).
 * Anything else whose translation is the English text is an entry nobody translated.
 */
const KEPT_AS_IN_ENGLISH: Record<Target, readonly string[]> = {
  'pt-BR': ['E-mail', 'Site', 'Sites', 'Status', 'Online', 'Webhooks'],
  ru: [],
};

/** Table entries that read the same in every language: brand, abbreviations, symbols ("Atendo", "NPS", "—"). */
function sameEverywhere(key: MessageKey): boolean {
  const english = messages.en[key];
  return TARGETS.every((l) => messages[l][key] === english);
}

/**
 * The English of every table entry that some language translates, as a pattern: its `{placeholders}`
 * match anything, its ends are word boundaries. Skipped: entries that read the same in every
 * language, English the language keeps on purpose (above), and entries with no English word in them.
 */
function tablePatterns(l: Target): Pattern[] {
  const out: Pattern[] = [];
  for (const key of Object.keys(messages.en) as MessageKey[]) {
    const english = messages.en[key];
    if (sameEverywhere(key) || KEPT_AS_IN_ENGLISH[l].includes(english)) continue;
    // Leading and trailing placeholders say nothing about the language: match what is between.
    const parts = english.split(/\{\w+\}/);
    while (parts.length && !parts[0]!.trim()) parts.shift();
    while (parts.length && !parts[parts.length - 1]!.trim()) parts.pop();
    if (!parts.length) continue;
    parts[0] = parts[0]!.trimStart();
    parts[parts.length - 1] = parts[parts.length - 1]!.trimEnd();
    const body = parts.map((part) => escape(part)).join('.+?');
    if (!/[A-Za-z]{2,}/.test(body)) continue;
    out.push({ re: word(body), what: `${key} “${english}”` });
  }
  return out;
}

/** English that no table entry spells out alone: units Intl would have written differently, and common words. */
function handPatterns(l: Target): Pattern[] {
  const words = [
    'ago',
    'now',
    'yesterday',
    'today',
    'Open',
    'Waiting',
    'waiting',
    'Visitor',
    'Unknown',
    'Loading',
    'Pending',
    'Resolved',
    'Send',
    'Save',
    'Cancel',
    'Delete',
    'Edit',
    'Close',
    'Search',
    'Settings',
    'refund',
    'minutes?',
    'hours?',
    'seconds?',
    'days?',
  ];
  const out: Pattern[] = words.map((w) => ({ re: word(w), what: `English word “${w.replace('s?', 's')}”` }));
  // "8m", "45s", "3h", "2d": compact English units (Intl writes "8 min" / "8 мин").
  // (A number of its own: a visitor code such as "3f2d" is no time.)
  out.push({ re: /(?<![\p{L}\p{N}])\d+(?:s|m|h|d)(?![\p{L}\p{N}])/u, what: 'compact English time unit (8m, 45s, 3h, 2d)' });
  // "5 sec", "3 hr", "3 hrs": English short units (pt-BR writes "5 s", "3 h"; ru "5 с", "3 ч").
  out.push({ re: /(?<![\p{L}\p{N}])\d+\s?(?:sec|secs|hr|hrs)(?![\p{L}\p{N}])/u, what: 'English short time unit (sec, hr)' });
  if (l === 'ru') {
    // Russian units are Cyrillic: "5 мин", "3 ч", "20 кБ". (pt-BR writes "min", "h", "s", "kB" too.)
    out.push({ re: /(?<![\p{L}\p{N}])\d+(?:[.,]\d+)?\s?(?:s|m|h|d|min|mins|KB|kB|MB|B)(?![\p{L}\p{N}])/u, what: 'Latin unit in Russian text' });
  }
  return out;
}

/** Where a text was found: the element's own text, or one of its attributes. */
interface Found {
  where: string;
  text: string;
}

const ATTRIBUTES = ['placeholder', 'title', 'aria-label', 'alt', 'aria-description', 'aria-valuetext', 'aria-roledescription'];

/** Everything the agent can read or hear: each element's own text (its text children together), and the attributes above. */
function collect(root: Element): Found[] {
  const out: Found[] = [{ where: 'document.title', text: document.title }];
  const walk = (el: Element) => {
    const tag = el.tagName.toLowerCase();
    // Identifiers shown as they are (IANA time zones, page paths) are marked for browser translators
    // too: translate="no" and the class "notranslate" (the attribute is a DOM property happy-dom lacks).
    if (tag === 'script' || tag === 'style' || el.getAttribute('translate') === 'no' || el.classList.contains('notranslate')) return;
    for (const name of ATTRIBUTES) {
      const value = el.getAttribute(name);
      if (value?.trim()) out.push({ where: `<${tag}> ${name}`, text: value });
    }
    // The value of a text field is what the agent typed or saved (snippets, origins): not ours.
    if (tag !== 'textarea') {
      const own = [...el.childNodes]
        .filter((n) => n.nodeType === 3)
        .map((n) => n.textContent ?? '')
        .join('');
      if (own.trim()) out.push({ where: `<${tag}> text`, text: own.replace(/\s+/g, ' ').trim() });
    }
    for (const child of el.children) walk(child);
  };
  walk(root);
  return out;
}

/** Every English string on the page now, one line each: `pattern … in <where>: "text"`. */
function englishOn(screenName: string, l: Target): string[] {
  const patterns = [...tablePatterns(l), ...handPatterns(l)];
  const found = collect(document.body);
  const offenders = new Set<string>();
  for (const f of found) {
    for (const p of patterns) {
      if (p.re.test(f.text)) offenders.add(`[${l}] ${screenName}: ${p.what} in ${f.where}: “${f.text}”`);
    }
  }
  return [...offenders];
}

// ---- What the screens show: visitor data in Portuguese, so only our own strings could be English ----

const NOW = Date.now();
const MIN = 60_000;

const BIA: AgentSummary = {
  id: 'ag_2',
  email: 'bia@exemplo.com.br',
  name: 'Bia Santos',
  role: 'agent',
  status: 'online',
  connected: true,
  capacity: 5,
  load: 1,
};
const ME: AgentSummary = { ...AGENT, status: 'online', connected: true, capacity: 5, load: 2 };
const GONE: AgentSummary = {
  id: 'ag_3',
  email: 'caio@exemplo.com.br',
  name: 'Caio Reis',
  role: 'agent',
  status: 'away',
  connected: false,
  capacity: 3,
  load: 0,
  deactivatedAt: NOW - 86_400_000,
};

const SETTINGS = {
  ...DEFAULT_WIDGET_SETTINGS,
  prechat: { enabled: true, name: 'required' as const, email: 'optional' as const, question: 'off' as const },
  hours: { enabled: true, timezone: 'America/Sao_Paulo', openings: [{ day: 1, open: '09:00', close: '18:00' }] },
  triggers: [
    { id: 't1', name: 'Ajuda com planos', enabled: true, message: 'Dúvidas sobre os planos?', timeOnPageSec: 30, urlPattern: '*/planos*', minVisits: 2 },
  ],
};
const SITE = site({ name: 'Loja Aurora', teamName: 'Equipe Aurora', greeting: 'Olá! Como podemos ajudar?', launcherLabel: 'Fale conosco', settings: SETTINGS });

const waiting = conversation({
  id: 'c1',
  visitorId: 'v1',
  visitorName: 'Maria Souza',
  lastMessagePreview: 'Cadê meu pedido?',
  lastActivityAt: NOW - 8 * MIN,
  createdAt: NOW - 30 * MIN,
  unreadCount: 2,
  lastSeq: 4,
  visitorReadSeq: 3,
  assigneeId: AGENT.id,
  tags: ['entrega'],
  rating: { csat: 4, nps: 9, comment: 'Rápido, obrigada!', ratedAt: NOW - MIN },
});
const answered = conversation({
  id: 'c2',
  visitorId: 'v2',
  visitorName: null,
  lastMessageAuthor: 'agent',
  lastMessagePreview: 'Já verifico.',
  lastActivityAt: NOW - 3 * 3600_000,
  assigneeId: BIA.id,
});
const pending = conversation({ id: 'c3', visitorId: 'v3', visitorName: 'João', status: 'pending', lastActivityAt: NOW - 2 * 86_400_000 });

const PROFILE: VisitorProfile = {
  id: 'v1',
  siteId: 'site_1',
  name: 'Maria Souza',
  email: 'maria@exemplo.com.br',
  verified: true,
  locale: 'pt-BR',
  timezone: 'America/Sao_Paulo',
  referrer: 'https://www.google.com.br/',
  userAgent: 'Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/124.0 Safari/537.36',
  attributes: { plano: 'Pro' },
  currentPage: { url: 'https://loja.example/#/carrinho', title: 'Carrinho', at: NOW - MIN },
  pages: [
    { url: 'https://loja.example/planos?utm_source=email', title: 'Planos', at: NOW - 10 * MIN },
    { url: 'https://loja.example/#/carrinho', title: 'Carrinho', at: NOW - MIN },
  ],
  online: true,
  createdAt: NOW - 7 * 86_400_000,
  lastSeenAt: NOW,
  conversations: [
    { id: 'old1', status: 'resolved', lastMessagePreview: 'Reembolso feito, obrigada', lastActivityAt: NOW - 5 * 86_400_000, createdAt: NOW - 5 * 86_400_000 },
  ],
};

const LIVE: LiveVisitor = {
  visitorId: 'v9',
  siteId: 'site_1',
  name: 'Ana Paula',
  email: 'ana.paula@exemplo.com.br',
  currentPage: { url: 'https://loja.example/produtos/caf%C3%A9?cor=azul', title: 'Café especial', at: NOW - MIN },
  since: NOW - 14 * MIN,
  returning: true,
};
const NEWCOMER: LiveVisitor = { visitorId: 'v8', siteId: 'site_1', name: null, email: null, currentPage: null, since: NOW - 40_000, returning: false };

const REPORT: Report = aReport({ from: NOW - 30 * 86_400_000, to: NOW });

const ARTICLE: Article = {
  id: 'art_1',
  siteId: 'site_1',
  locale: 'pt-BR',
  title: 'Onde está meu pedido?',
  body: 'Veja em **Pedidos**.',
  published: true,
  views: 40,
  helpful: 9,
  notHelpful: 3,
  createdAt: 1,
  updatedAt: 2,
  bot: { offered: 12, helped: 7, notHelped: 3 },
};
const DRAFT: Article = { ...ARTICLE, id: 'art_2', locale: 'en', title: 'Pedido (rascunho)', published: false, views: 0, helpful: 0, notHelpful: 0 };

const counts = {
  unread: { mine: { open: 2, pending: 0, resolved: 0 }, unassigned: { open: 1, pending: 1, resolved: 0 }, all: { open: 3, pending: 1, resolved: 0 } },
};

const HOOK_GONE: WebhookEndpoint = {
  id: 'wh_1',
  url: 'https://crm.loja.example/ganchos',
  events: ['conversation.created', 'message.created'],
  siteId: null,
  state: 'disabled',
  disabledReason: 'Every delivery failed for 3 days',
  failingSince: null,
  lastAttemptAt: Date.now() - 3_600_000,
  lastStatus: 500,
  lastError: 'HTTP 500',
  previousSecretUntil: null,
  createdAt: Date.now() - 9 * 86_400_000,
  updatedAt: Date.now() - 3_600_000,
};
const HOOK_FAILING: WebhookEndpoint = {
  ...HOOK_GONE,
  id: 'wh_2',
  url: 'https://erp.loja.example/in',
  siteId: 'site_1',
  state: 'active',
  disabledReason: null,
  failingSince: Date.now() - 2 * 86_400_000,
};
const DELIVERY: WebhookDelivery = {
  id: 'msg_1',
  type: 'conversation.created',
  state: 'queued',
  attempts: 2,
  nextAttemptAt: Date.now() + 3_600_000,
  createdAt: Date.now() - 600_000,
  deliveredAt: null,
  payload: {},
  attemptLog: [
    { at: Date.now() - 600_000, status: 500, latencyMs: 1250, error: 'HTTP 500', response: 'erro interno' },
    { at: Date.now() - 300_000, status: 503, latencyMs: 40, error: 'HTTP 503', response: 'tente mais tarde' },
  ],
};

const ROUTES: Record<string, Route> = {
  'GET /api/v1/conversations': { body: { items: [waiting, answered, pending], nextCursor: 'more' } },
  'GET /api/v1/conversations/counts': { body: counts },
  'GET /api/v1/agents': { body: { items: [ME, BIA, GONE] } },
  'GET /api/v1/sites': { body: { items: [SITE] } },
  'GET /api/v1/canned-replies': { body: { items: [{ id: 'r1', shortcut: 'prazo', body: 'A entrega leva até 5 dias úteis.', createdAt: 0 }] } },
  'GET /api/v1/conversations/c1': { body: { conversation: waiting } },
  'GET /api/v1/conversations/c1/messages': {
    body: {
      items: [
        message({ conversationId: 'c1', seq: 1, body: 'Oi! Cadê meu pedido?', createdAt: NOW - 3 * 86_400_000 }),
        message({
          conversationId: 'c1',
          seq: 2,
          author: 'agent',
          agentId: AGENT.id,
          authorName: 'Ana Lima',
          body: 'Vou verificar.',
          createdAt: NOW - 20 * MIN,
        }),
        message({
          conversationId: 'c1',
          seq: 3,
          author: 'visitor',
          body: 'nota-fiscal.pdf',
          createdAt: NOW - 10 * MIN,
          attachment: { id: 'at1', name: 'nota-fiscal.pdf', mime: 'application/pdf', size: 20_480, url: '/api/v1/attachments/at1/k' },
        }),
        message({ conversationId: 'c1', seq: 4, author: 'visitor', body: 'Cadê meu pedido?', createdAt: NOW - 8 * MIN }),
        message({
          conversationId: 'c1',
          seq: 5,
          author: 'bot',
          body: 'Estes artigos podem ajudar:',
          createdAt: NOW - 8 * MIN,
          bot: { articles: [{ id: 'art_1', title: 'Onde está meu pedido?', excerpt: 'Veja em Pedidos.' }] },
        }),
      ],
    },
  },
  'GET /api/v1/conversations/c1/notes': {
    body: { items: [{ id: 'n1', conversationId: 'c1', agentId: AGENT.id, authorName: 'Ana Lima', body: 'Cliente VIP', createdAt: NOW - 15 * MIN }] },
  },
  'POST /api/v1/conversations/c1/read': { body: { conversation: { ...waiting, unreadCount: 0 } } },
  'GET /api/v1/live/visitors/v1': { body: { visitor: PROFILE } },
  'GET /api/v1/conversations/c1/emails': {
    body: {
      enabled: true,
      delaySeconds: 120,
      emails: [
        {
          id: 'e1',
          state: 'sent',
          subject: 'Re: pedido',
          createdAt: NOW - 30 * MIN,
          sentAt: NOW - 28 * MIN,
          nextAttemptAt: null,
          attempts: 0,
          lastError: null,
        },
        {
          id: 'e2',
          state: 'queued',
          subject: 'Re: pedido',
          createdAt: NOW - 5 * MIN,
          sentAt: null,
          nextAttemptAt: NOW + 5 * MIN,
          attempts: 1,
          lastError: '421 busy',
        },
        {
          id: 'e3',
          state: 'failed',
          subject: 'Re: pedido',
          createdAt: NOW - 4 * MIN,
          sentAt: null,
          nextAttemptAt: null,
          attempts: 8,
          lastError: '550 no such user',
        },
      ],
    },
  },
  'GET /api/v1/live/visitors': { body: { items: [LIVE, NEWCOMER] } },
  'GET /api/v1/reports': { body: { report: REPORT } },
  'GET /api/v1/search': {
    body: {
      items: [
        { conversation: waiting, match: 'message', excerpt: 'Cadê meu pedido?', messageSeq: 4 },
        { conversation: { ...pending, status: 'resolved' }, match: 'visitor', excerpt: 'João', messageSeq: null },
      ],
    },
  },
  'GET /api/v1/sites/site_1/articles': { body: { items: [ARTICLE, DRAFT] } },
  'GET /api/v1/sites/site_1/content-gaps': {
    body: {
      items: [
        { norm: 'entrega sabado', question: 'Vocês entregam no sábado?', locale: 'pt-BR', count: 4, lastAskedAt: NOW - 2 * 3600_000, conversationId: 'c1' },
      ],
    },
  },
  'GET /api/v1/sites/site_1/bot': { body: { mode: 'offline' } },
  'GET /api/v1/sites/site_1/security': { body: { security: { siteId: 'site_1', allowedOrigins: [], identityRequired: false, secret: 'segredo' } } },
  'GET /api/v1/api-tokens': { body: { items: [] } },
  'GET /api/v1/webhooks': { body: { items: [HOOK_GONE, HOOK_FAILING] } },
  'GET /api/v1/webhooks/wh_2/deliveries': { body: { items: [DELIVERY], next: 'msg_0' } },
};

const settled = () => new Promise((r) => setTimeout(r, 30));
const ready = (selector: string) => waitFor(() => expect(document.querySelector(selector)).toBeTruthy());

interface Screen {
  name: string;
  hash: string;
  /** Wait for the screen's content, and open what the screen is checked with (forms, menus). */
  show(): Promise<void>;
}

const SCREENS: Screen[] = [
  {
    name: 'Inbox with a conversation open (messages, note, rating, details pane)',
    hash: '#/conversations/c1',
    async show() {
      await ready('.conv-wait');
      await ready('.msg-file');
      await ready('.msg-note');
      await ready('.bot-article');
      await ready('[data-testid="current-page"]');
      await ready('.history-list li');
      await ready('.page-list li');
      await ready('.email-list li');
    },
  },
  {
    name: 'Inbox with a note being written and the canned-reply menu open',
    hash: '#/conversations/c1',
    async show() {
      await ready('.msg-note');
      const box = screen.getByRole('textbox', { name: t('composer.label') }) as HTMLTextAreaElement;
      box.focus();
      fireEvent.input(box, { target: { value: '/zzz', selectionStart: 4 } });
      await ready('.canned-empty');
      fireEvent.click(screen.getByRole('radio', { name: t('composer.modeNote') }));
    },
  },
  {
    name: 'Keyboard shortcuts',
    hash: '#/',
    async show() {
      await ready('.conv-row');
      fireEvent.keyDown(document.body, { key: '?' });
      await ready('.dialog');
    },
  },
  {
    name: 'Visitors (with a live visitor and the first-message form open)',
    hash: '#/visitors',
    async show() {
      await ready('[data-testid="live-page"]');
      const row = screen.getByRole('row', { name: 'Ana Paula' });
      fireEvent.click(within(row).getByRole('button', { name: t('visitors.start') }));
      await ready('.start-form input');
    },
  },
  { name: 'Reports', hash: '#/reports', show: () => ready('.csat-bars') },
  { name: 'Search results', hash: '#/search/pedido', show: () => ready('.search-hit') },
  { name: 'Settings → Install', hash: '#/settings/install', show: () => ready('.site-card') },
  { name: 'Settings → Appearance', hash: '#/settings/appearance', show: () => ready('.preview') },
  { name: 'Settings → Pre-chat & hours', hash: '#/settings/prechat', show: () => ready('.survey-settings') },
  {
    name: 'Settings → Proactive messages (with the form open)',
    hash: '#/settings/proactive',
    async show() {
      await ready('.trigger-list');
      fireEvent.click(screen.getByRole('button', { name: t('proactive.add') }));
      await ready('.proactive form');
    },
  },
  {
    name: 'Settings → Help articles (with the answer bot’s figures and the content gaps)',
    hash: '#/settings/articles',
    async show() {
      await ready('.table');
      await ready('.gap-actions');
    },
  },
  { name: 'Settings → Answer bot', hash: '#/settings/bot', show: () => ready('.bot-mode') },
  {
    name: 'Settings → Canned replies (with the form open)',
    hash: '#/settings/canned',
    async show() {
      await ready('.canned-list');
      fireEvent.click(within(document.querySelector('.canned-list') as HTMLElement).getByRole('button', { name: t('common.edit') }));
      await ready('.settings-body form');
    },
  },
  {
    name: 'Settings → Agents (with a deactivation being confirmed)',
    hash: '#/settings/agents',
    async show() {
      await ready('.access-cell button');
      fireEvent.click(screen.getByRole('button', { name: t('agents.deactivateOf', { name: 'Bia Santos' }) }));
      await ready('.confirm');
    },
  },
  {
    name: 'Settings → Sites (with a rename open)',
    hash: '#/settings/sites',
    async show() {
      await ready('.site-list');
      fireEvent.click(screen.getByRole('button', { name: t('sites.renameOf', { site: SITE.name }) }));
      await ready('.site-rename');
    },
  },
  { name: 'Settings → Security', hash: '#/settings/security', show: () => ready('[data-testid="site-secret"]') },
  {
    name: 'Settings → Integrations (a webhook failing, one disabled, a delivery log and the new-endpoint form open)',
    hash: '#/settings/integrations',
    async show() {
      await ready('.webhook-list');
      fireEvent.click(screen.getByRole('button', { name: t('webhooks.add') }));
      const failing = screen.getByRole('listitem', { name: t('webhooks.endpoint', { url: HOOK_FAILING.url }) });
      fireEvent.click(within(failing).getByRole('button', { name: t('webhooks.showLog') }));
      await ready('.attempt-response');
    },
  },
  {
    name: 'Settings → Your account',
    hash: '#/settings/account',
    async show() {
      await ready('#account-password');
      fireEvent.click(screen.getByRole('button', { name: t('account.everywhere') }));
      await ready('.confirm');
    },
  },
];

describe('no English on the console’s screens in pt-BR and ru', () => {
  it('has every table entry translated (or kept as in English on purpose)', () => {
    const untranslated = TARGETS.flatMap((l) =>
      (Object.keys(messages.en) as MessageKey[])
        .filter((key) => messages[l][key] === messages.en[key] && !sameEverywhere(key) && !KEPT_AS_IN_ENGLISH[l].includes(messages.en[key]))
        .map((key) => `[${l}] ${key} “${messages.en[key]}”`),
    );
    expect(untranslated).toEqual([]);
  });

  for (const l of TARGETS) {
    for (const s of SCREENS) {
      it(`${s.name}, in ${l}`, async () => {
        locale.value = l;
        await renderSignedIn(ROUTES, s.hash);
        await s.show();
        await settled();
        expect(englishOn(s.name, l)).toEqual([]);
      });
    }

    it(`Sign-in, in ${l}`, async () => {
      locale.value = l;
      installFetch({ 'GET /api/v1/auth/me': { status: 401, body: { error: { code: 'unauthorized', message: 'Not signed in' } } } });
      navigate('#/');
      render(<App />);
      await boot();
      await ready('form input[type="password"]');
      expect(englishOn('Sign-in', l)).toEqual([]);
    });
  }

  it('can fail: an English placeholder or unit on a screen is caught and named with the screen', async () => {
    locale.value = 'ru';
    await renderSignedIn(ROUTES, '#/settings/canned');
    await ready('.canned-list');
    const input = document.querySelector('.settings-body form input') as HTMLInputElement;
    input.setAttribute('placeholder', 'refund');
    const span = document.createElement('span');
    span.textContent = 'ждёт 8m';
    document.querySelector('.settings-body')!.append(span);
    const found = englishOn('Canned replies', 'ru');
    expect(found).toContain('[ru] Canned replies: canned.shortcutPlaceholder “refund” in <input> placeholder: “refund”');
    expect(found).toContain('[ru] Canned replies: compact English time unit (8m, 45s, 3h, 2d) in <span> text: “ждёт 8m”');
  });
});

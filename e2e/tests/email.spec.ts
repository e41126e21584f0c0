/**
 * E-mail both ways, end to end: a visitor leaves a message with an address while everyone is away
 * and closes the page; the agent's replies reach a real SMTP server started here (threaded, with the
 * reply address); the visitor's answer, sent by SMTP to that address on Atendo's own listener,
 * appears in the console (marked "via e-mail") and in the widget when the visitor comes back.
 */
import type { ParsedMail } from 'mailparser';
import nodemailer from 'nodemailer';
import { expect, loginAgent } from './fixtures';
import { test as base } from './mailbox';

const test = base.extend({
  serverEnv: async ({ mailbox }, use) => {
    await use({
      ATENDO_SMTP_URL: `smtp://127.0.0.1:${mailbox.smtpPort}`,
      ATENDO_MAIL_FROM: 'Lumen Coffee <help@shop.test>',
      ATENDO_EMAIL_DELAY_SECONDS: '1',
      ATENDO_INBOUND_DOMAIN: 'reply.test',
      ATENDO_INBOUND_SMTP_PORT: String(mailbox.inboundPort),
      ATENDO_INBOUND_SMTP_HOST: '127.0.0.1',
    });
  },
});

const address = (a: ParsedMail['to'] | ParsedMail['replyTo']) => (a && !Array.isArray(a) ? a.value[0]?.address : undefined);

test('an agent reply reaches the visitor who left by e-mail, and their e-mailed answer comes back to the console and the widget', async ({
  browser,
  mailbox,
}) => {
  test.setTimeout(60_000);
  // Every agent is away (a fresh install): the visitor leaves a message with their address, and goes.
  const visitorCtx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  const visitor = await visitorCtx.newPage();
  await visitor.goto('/demo');
  await visitor.getByRole('button', { name: /open chat/i }).click();
  const offline = visitor.getByRole('dialog').getByRole('form', { name: 'Leave a message' });
  await expect(offline).toBeVisible();
  await offline.getByRole('textbox', { name: 'Message' }).fill('Do you sell decaf beans in 1 kg bags?');
  await offline.getByRole('textbox', { name: 'E-mail' }).fill('ana@example.test');
  await offline.getByRole('button', { name: 'Send message' }).click();
  await expect(visitor.getByRole('dialog').getByRole('log').getByText('Do you sell decaf beans in 1 kg bags?')).toBeVisible();
  await visitor.close();

  // The agent answers in the console, twice (two e-mails, one thread).
  const agentCtx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  const agent = await agentCtx.newPage();
  await loginAgent(agent);
  await agent
    .getByRole('list', { name: /conversations/i })
    .getByRole('link', { name: /decaf beans/ })
    .click();
  const transcript = agent.getByRole('log');
  await expect(transcript.getByText('Do you sell decaf beans in 1 kg bags?')).toBeVisible();
  const reply = agent.getByRole('textbox', { name: /reply/i });
  const send = async (text: string) => {
    await reply.fill(text);
    await agent.getByRole('button', { name: /^send$/i }).click();
    await expect(transcript.getByText(text)).toBeVisible();
  };
  await send('Yes! Our Swiss Water decaf comes in 1 kg bags.');
  await expect.poll(() => mailbox.received.length, { timeout: 15_000 }).toBe(1);
  await send('It ships within two days.');
  await expect.poll(() => mailbox.received.length, { timeout: 15_000 }).toBe(2);

  const [first, second] = mailbox.received as [ParsedMail, ParsedMail];
  expect(address(first.to)).toBe('ana@example.test');
  expect(first.text).toContain('Yes! Our Swiss Water decaf comes in 1 kg bags.');
  expect(second.text).toContain('It ships within two days.');
  expect(first.messageId).toMatch(/@shop\.test>$/);
  expect(second.messageId).toMatch(/@shop\.test>$/);
  expect(second.inReplyTo).toBe(first.messageId);
  expect([second.references].flat()).toContain(first.messageId);
  const replyTo = address(second.replyTo)!;
  expect(replyTo).toMatch(/^reply\+[a-z2-7]{32}@reply\.test$/);

  // The visitor answers from their mail program: new text on top, the e-mail quoted below.
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: mailbox.inboundPort, secure: false, ignoreTLS: true });
  const info = await transport.sendMail({
    from: 'Ana <ana@example.test>',
    to: replyTo,
    subject: `Re: ${second.subject}`,
    messageId: '<answer-1@example.test>',
    inReplyTo: second.messageId,
    references: [first.messageId!, second.messageId!],
    text: 'Perfect, I will take two bags.\n\nOn Thu, Dec 3, 2026 at 9:00 AM Lumen Coffee <help@shop.test> wrote:\n\n> It ships within two days.\n',
  });
  transport.close();
  expect(info.response).toMatch(/^250 /);

  // The console shows it live, marked as e-mail; the quote is gone.
  const answer = transcript.locator('.msg-visitor').filter({ hasText: 'Perfect, I will take two bags.' });
  await expect(answer).toBeVisible();
  await expect(answer.getByText('via e-mail')).toBeVisible();
  await expect(answer).not.toContainText('It ships within two days');
  await agent.screenshot({ path: 'screenshots/email-answer-console.png' });

  // The visitor comes back to the shop: the whole conversation is in the widget.
  const back = await visitorCtx.newPage();
  await back.goto('/demo');
  await back.getByRole('button', { name: /open chat/i }).click();
  const log = back.getByRole('dialog').getByRole('log');
  await expect(log.getByText('Yes! Our Swiss Water decaf comes in 1 kg bags.')).toBeVisible();
  await expect(log.getByText('Perfect, I will take two bags.')).toBeVisible();

  await agentCtx.close();
  await visitorCtx.close();
});

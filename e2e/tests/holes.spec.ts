import { agentAndVisitor, expect, test } from './fixtures';

// The server drops the live copies of every conversation's messages 3 and 6, as a lost frame would
// be (ATENDO_TEST_DROP_LIVE_SEQ, tests only): the console and the widget must fill the hole.
test.use({ serverEnv: { ATENDO_TEST_DROP_LIVE_SEQ: '3,6' } });

test('a live frame that never arrives leaves no hole in the console or the widget: both end complete and in order', async ({ browser }) => {
  // What each side's socket received, to show the frames really were lost and how the hole was filled.
  type Seen = { type: string; seq?: number; seqs?: number[] };
  const received: Record<'agent' | 'visitor', Seen[]> = { agent: [], visitor: [] };
  const { agent, visitor, panel, composer, close } = await agentAndVisitor(browser, undefined, {}, (pages) => {
    for (const who of ['agent', 'visitor'] as const) {
      pages[who].on('websocket', (ws) =>
        ws.on('framereceived', ({ payload }) => {
          const f = JSON.parse(String(payload)) as { type: string; message?: { seq: number }; messages?: { seq: number }[] };
          received[who].push({ type: f.type, seq: f.message?.seq, seqs: f.messages?.map((m) => m.seq) });
        }),
      );
    }
  });
  const say = async (text: string) => {
    await composer.fill(text);
    await composer.press('Enter');
    await expect(panel.getByRole('log').locator('.row.pending')).toHaveCount(0);
  };
  await say('Hole test one');
  await agent
    .getByRole('list', { name: /conversations/i })
    .getByRole('link', { name: /Hole test one/ })
    .click();
  const transcript = agent.getByRole('log');
  await expect(transcript.getByText('Hole test one')).toBeVisible();

  // Seq 3 reaches the agent only through the console's own catch-up.
  for (const text of ['Hole test two', 'Hole test three', 'Hole test four']) await say(text);
  await expect(transcript.getByText('Hole test four')).toBeVisible();
  await expect(transcript.getByText('Hole test three')).toHaveCount(1);
  expect(received.agent.filter((f) => f.type === 'message').map((f) => f.seq)).toEqual([1, 2, 4]);
  const agentText = await transcript.innerText();
  const order = ['one', 'two', 'three', 'four'].map((w) => agentText.indexOf(`Hole test ${w}`));
  expect(order.every((at, i) => at >= 0 && (i === 0 || at > order[i - 1]!))).toBe(true);

  // Seq 6 reaches the visitor only through the widget's own catch-up.
  const reply = agent.getByRole('textbox', { name: /reply/i });
  for (const text of ['Reply five', 'Reply six', 'Reply seven']) {
    await reply.fill(text);
    await reply.press('Enter');
    await expect(transcript.getByText(text)).toBeVisible();
  }
  const log = panel.getByRole('log');
  await expect(log.getByText('Reply seven')).toBeVisible();
  await expect(log.getByText('Reply six')).toHaveCount(1);
  expect(received.visitor.filter((f) => f.type === 'message').map((f) => f.seq)).toEqual([5, 7]);
  expect(received.visitor.some((f) => f.type === 'history' && f.seqs?.includes(6))).toBe(true);
  const bubbles = await log.locator('.bubble').allInnerTexts();
  const at = (s: string) => bubbles.findIndex((b) => b.includes(s));
  expect([at('Hole test four'), at('Reply five'), at('Reply six'), at('Reply seven')]).toEqual([0, 1, 2, 3].map((i) => at('Hole test four') + i));
  await visitor.screenshot({ path: 'screenshots/widget-hole-healed.png' });
  await agent.screenshot({ path: 'screenshots/console-hole-healed.png' });
  await close();
});

/**
 * The README's "Integrations" examples, run as written: its curl commands against this server, and
 * its signature checks in Node, Python and PHP on a real delivery (and on a tampered one).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { agentAndVisitor, expect, test } from './fixtures';

const README = readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'README.md'), 'utf8');

/** The code block after `<!-- readme-example: name -->`. */
function example(name: string): string {
  const m = new RegExp(`<!-- readme-example: ${name} -->\\n\`\`\`\\w+\\n([\\s\\S]*?)\`\`\`\\n`).exec(README);
  if (!m?.[1]) throw new Error(`README has no example "${name}"`);
  return m[1];
}

const PHP = process.env.ATENDO_PHP || '/usr/bin/php';

test.use({ serverEnv: { ATENDO_WEBHOOK_ALLOW_PRIVATE: '1' } });

test('the README integration examples work against a real server and a real delivery', async ({ browser, baseURL, request }) => {
  // A receiver that keeps every delivery as it came: raw body and headers.
  const deliveries: { headers: IncomingHttpHeaders; body: string }[] = [];
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      deliveries.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((ok) => receiver.listen(0, '127.0.0.1', ok));
  const hookUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hooks/atendo`;

  try {
    // An admin's token for the examples (what Settings → Integrations gives).
    const login = await request.post('/api/v1/auth/login', { data: { email: 'admin@example.com', password: 'e2e-password-123' } });
    expect(login.status()).toBe(200);
    const created = await request.post('/api/v1/api-tokens', {
      headers: { origin: baseURL! },
      data: { name: 'README', scopes: ['conversations:read', 'webhooks:manage'] },
    });
    expect(created.status()).toBe(201);
    const token: string = (await created.json()).token;

    // The README's commands, with its host and receiver replaced by this test's.
    const run = (name: string) =>
      execFileSync('bash', ['-c', example(name).replaceAll('https://chat.example.com', baseURL!).replaceAll('https://crm.example.com/hooks/atendo', hookUrl)], {
        env: { ...process.env, ATENDO_TOKEN: token },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    expect(JSON.parse(run('token'))).toMatchObject({ items: [], nextCursor: null });
    const webhook = JSON.parse(run('webhook'));
    expect(webhook).toMatchObject({ url: hookUrl, events: ['conversation.created', 'message.created', 'conversation.rated'] });
    expect(webhook.secret).toMatch(/^whsec_/);

    // A real conversation: the widget on /demo, an agent online.
    const { visitor, composer, close } = await agentAndVisitor(browser);
    await composer.fill('Hello from the README test');
    await composer.press('Enter');
    await expect(visitor.getByText('Hello from the README test')).toBeVisible();
    await expect.poll(() => deliveries.find((d) => d.body.includes('"message.created"')), { timeout: 15_000 }).toBeTruthy();
    await close();
    const delivery = deliveries.find((d) => d.body.includes('"message.created"'))!;
    expect(JSON.parse(delivery.body)).toMatchObject({ type: 'message.created', data: { message: { body: 'Hello from the README test' } } });

    // Each language's check, as the README writes it, on the delivery as it came and on tampered copies.
    const dir = mkdtempSync(join(tmpdir(), 'atendo-readme-'));
    writeFileSync(join(dir, 'verify.mjs'), example('node'));
    writeFileSync(
      join(dir, 'node-check.mjs'),
      `import { readFileSync } from 'node:fs';\nimport { verifyWebhook } from './verify.mjs';\nconst h = JSON.parse(readFileSync(process.env.HEADERS, 'utf8'));\nprocess.exit(verifyWebhook(process.env.SECRET, h, readFileSync(process.env.BODY, 'utf8')) ? 0 : 1);\n`,
    );
    writeFileSync(
      join(dir, 'check.py'),
      `${example('python')}\nimport json, os, sys\nh = json.load(open(os.environ["HEADERS"]))\nsys.exit(0 if verify_webhook(os.environ["SECRET"], h, open(os.environ["BODY"], "rb").read()) else 1)\n`,
    );
    writeFileSync(
      join(dir, 'check.php'),
      `${example('php')}\n$h = json_decode(file_get_contents(getenv('HEADERS')), true);\nexit(verify_webhook(getenv('SECRET'), $h, file_get_contents(getenv('BODY'))) ? 0 : 1);\n`,
    );
    const checkers: [string, string[]][] = [
      ['node', [process.execPath, join(dir, 'node-check.mjs')]],
      ['python', ['python3', join(dir, 'check.py')]],
      ['php', [PHP, join(dir, 'check.php')]],
    ];
    const verdict = (cmd: string[], secret: string, headers: IncomingHttpHeaders, body: string) => {
      writeFileSync(join(dir, 'headers.json'), JSON.stringify(headers));
      writeFileSync(join(dir, 'body'), body);
      const r = spawnSync(cmd[0]!, cmd.slice(1), {
        env: { ...process.env, SECRET: secret, HEADERS: join(dir, 'headers.json'), BODY: join(dir, 'body') },
        encoding: 'utf8',
      });
      if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd.join(' ')} failed: ${r.stderr}`);
      return r.status === 0 ? 'valid' : 'refused';
    };
    const otherSecret = `whsec_${Buffer.from('not the secret at all, 32 bytes!').toString('base64')}`;
    for (const [language, cmd] of checkers) {
      expect(verdict(cmd, webhook.secret, delivery.headers, delivery.body), language).toBe('valid');
      expect(verdict(cmd, webhook.secret, delivery.headers, delivery.body.replace('README test', 'README tost')), `${language}, tampered body`).toBe('refused');
      expect(verdict(cmd, otherSecret, delivery.headers, delivery.body), `${language}, another secret`).toBe('refused');
      const stale = { ...delivery.headers, 'webhook-timestamp': String(Math.floor(Date.now() / 1000) - 3600) };
      expect(verdict(cmd, webhook.secret, stale, delivery.body), `${language}, the timestamp changed`).toBe('refused');
    }
  } finally {
    receiver.close();
  }
});

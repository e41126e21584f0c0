// `pnpm bench [--quick] [--only=widget,relay,persistence,connections,console,startup] [--no-build] [--servers=atendo,webhooks,floor,socketio] [--stores=sqlite,postgres,cluster] [--rates=1000,5000]`
// A/B against another build: BENCH_ATENDO_MAIN=<other checkout>/server/dist/main.js (see bench/README.md).
// Measures Atendo against the physical floor and its peers; writes bench/results.json. See bench/README.md; results in bench/RESULTS.md.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { probePostgres } from './lib/postgres.mjs';
import { probeRedis } from './lib/cluster.mjs';
import { ROOT } from './lib/proc.mjs';
import { render, verdicts } from './report.mjs';
import { consoleQueries } from './sections/console-queries.mjs';
import { connections } from './sections/connections.mjs';
import { persistence } from './sections/persistence.mjs';
import { relay } from './sections/relay.mjs';
import { startup } from './sections/startup.mjs';
import { widgetBytes } from './sections/widget-bytes.mjs';
import { widgetWire } from './sections/widget-wire.mjs';

const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const opt = (name) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const quick = flag('quick');
if (flag('cpu-prof')) process.env.BENCH_CPU_PROF ??= resolve(ROOT, 'bench/profiles');
const only = opt('only')?.split(',');
const int = (name, fallback) => (opt(name) ? Number(opt(name)) : fallback);
const list = (name, fallback, as = Number) => (opt(name) ? opt(name).split(',').map(as) : fallback);

/** Sizes of each run: the full run about 9 minutes on 2 cores with PostgreSQL and the cluster (6 on SQLite alone), --quick about a minute and a half (the Chromium section waits 10 s on /demo). */
const plan = quick
  ? {
      relay: {
        visitors: int('visitors', 100),
        agents: int('agents', 5),
        // 1k as well as 5k: the PostgreSQL target compares relay p50 at 1k msgs/s with SQLite's.
        rates: list('rates', [1000, 5000]),
        warmS: 0.25,
        measureS: int('seconds', 0.5),
        drainMs: 1000,
        servers: list('servers', undefined, String),
      },
      persistence: { visitors: 100, windows: [8, 16], warmS: 0.25, measureS: 1 },
      connections: { visitors: int('connections', 500) },
      console: { conversations: 2_000, perConversation: 10, runs: 15 },
      startup: { runs: 1 },
    }
  : {
      relay: {
        visitors: int('visitors', 2000),
        agents: int('agents', 20),
        rates: list('rates', [1000, 5000, 20_000]),
        warmS: 1,
        measureS: int('seconds', 5),
        drainMs: 3000,
        servers: list('servers', undefined, String),
      },
      persistence: { visitors: 500, windows: [4, 8], warmS: 1, measureS: 10 },
      connections: { visitors: int('connections', 10_000) },
      console: { conversations: 100_000, perConversation: 10, runs: 200 },
      startup: { runs: 3 },
    };

function newest(dir) {
  let t = 0;
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    const s = statSync(p);
    t = Math.max(t, s.isDirectory() ? newest(p) : s.mtimeMs);
  }
  return t;
}

/** Build what is measured when its sources (or shared/) changed since the last build. */
function buildAll() {
  // Under `pnpm bench`, reuse the pnpm that started us; otherwise fetch it with npx, as README.md's commands do.
  const viaPnpm = /pnpm/.test(process.env.npm_execpath ?? '');
  const pnpm = (pkg) =>
    viaPnpm
      ? execFileSync(process.execPath, [process.env.npm_execpath, '--filter', pkg, 'run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] })
      : execFileSync('npx', ['--yes', 'pnpm@10', '--filter', pkg, 'run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  const server = resolve(ROOT, 'server/dist/main.js');
  const sources = Math.max(newest(resolve(ROOT, 'server/src')), newest(resolve(ROOT, 'shared/src')));
  if (!existsSync(server) || sources > statSync(server).mtimeMs) pnpm('@atendo/server');
  // The widget's dist is the widget engineer's: build it only when missing, never over their build.
  const loader = resolve(ROOT, 'widget/dist/widget.js');
  if (!existsSync(loader)) {
    try {
      pnpm('@atendo/widget');
    } catch (err) {
      console.error(`widget build failed:\n${String(err.stderr ?? err).slice(0, 500)}`);
    }
  } else if (Math.max(newest(resolve(ROOT, 'widget/src')), newest(resolve(ROOT, 'shared/src'))) > statSync(loader).mtimeMs) {
    console.error('  note: widget/src changed since widget/dist was built; measuring the existing build (`pnpm --filter @atendo/widget build` to refresh)');
  }
}

async function section(name, fn, gate = name) {
  if (only && !only.includes(gate)) return undefined;
  const t = performance.now();
  process.stderr.write(`  ${name}…`);
  try {
    const r = await fn();
    process.stderr.write(` ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
    return r;
  } catch (err) {
    process.stderr.write(` failed\n`);
    return { error: String(err?.message ?? err).slice(0, 1000) };
  }
}

/**
 * The stores Atendo is measured on (relay, persistence, console): `--stores=sqlite,postgres,cluster`,
 * or by default SQLite, and PostgreSQL too when it answers (BENCH_DATABASE_URL, else
 * 127.0.0.1:5432), and `cluster` (two instances on PostgreSQL and Redis: relay and persistence)
 * when Redis answers too (BENCH_REDIS_URL, else 127.0.0.1:6379). Asked for by name and not
 * answering is an error; not asked for and absent is said in the output.
 */
async function chooseStores() {
  const asked = list('stores', null, String);
  const unknown = asked?.filter((x) => x !== 'sqlite' && x !== 'postgres' && x !== 'cluster') ?? [];
  if (unknown.length) throw new Error(`--stores: unknown store ${unknown.join(', ')} (sqlite, postgres, cluster)`);
  let wanted = asked ?? ['sqlite', 'postgres', 'cluster'];
  const out = { postgres: { skipped: 'not asked for (--stores)' }, redis: { skipped: 'not asked for (--stores)' } };
  if (wanted.includes('postgres') || wanted.includes('cluster')) {
    const pg = await probePostgres();
    if (pg.ok) out.postgres = pg;
    else if (asked) throw new Error(`--stores=${asked.join(',')} but PostgreSQL does not answer at ${pg.url}: ${pg.reason}`);
    else {
      out.postgres = { skipped: `no PostgreSQL at ${pg.url} (${pg.reason})`, url: pg.url };
      wanted = wanted.filter((x) => x !== 'postgres' && x !== 'cluster');
    }
  }
  if (wanted.includes('cluster')) {
    const redis = await probeRedis();
    if (redis.ok) out.redis = redis;
    else if (asked) throw new Error(`--stores=cluster but Redis does not answer at ${redis.url}: ${redis.reason}`);
    else {
      out.redis = { skipped: `no Redis at ${redis.url} (${redis.reason})`, url: redis.url };
      wanted = wanted.filter((x) => x !== 'cluster');
    }
  }
  return { list: wanted, ...out };
}

const t0 = performance.now();
if (!flag('no-build')) buildAll();
const stores = await chooseStores().catch((err) => {
  console.error(err.message);
  process.exit(2);
});
if (stores.postgres.skipped) process.stderr.write(`  PostgreSQL skipped: ${stores.postgres.skipped}; SQLite only\n`);
else process.stderr.write(`  stores: ${stores.list.join(', ')} (PostgreSQL ${stores.postgres.settings.server_version} at ${stores.postgres.url})\n`);
if (stores.redis.skipped) process.stderr.write(`  cluster skipped: ${stores.redis.skipped}\n`);
else process.stderr.write(`  cluster: 2 instances on PostgreSQL and Redis ${stores.redis.version} at ${stores.redis.url}\n`);
const results = {
  mode: quick ? 'quick' : 'full',
  date: new Date().toISOString(),
  // Load average before and after: on a shared machine it says how much the figures can be trusted.
  machine: {
    cores: cpus().length,
    cpu: cpus()[0]?.model?.trim(),
    node: process.version,
    memory: totalmem(),
    platform: process.platform,
    loadavgBefore: loadavg()[0],
  },
  plan,
  stores,
};
results.widget = await section('widget', () => widgetBytes());
// The same widget in Chromium: bytes on the wire and click → usable panel on a throttled network.
results.wire = await section('widget in Chromium', () => widgetWire(quick ? { runs: 1, networkCount: 1 } : { runs: 3 }), 'widget');
results.relay = await section('relay', () => relay({ ...plan.relay, stores: stores.list }));
if (results.relay?.servers) {
  results.relay.ratios = plan.relay.rates.map((rate) => {
    const at = (k) => results.relay.servers[k]?.steps?.find((s) => s.rate === rate);
    const r = (a, b) => (a && b ? Math.round((a / b) * 100) / 100 : null);
    return {
      rate,
      vsFloor: r(at('atendo')?.agent.p99, at('floor')?.agent.p99),
      vsSocketio: r(at('atendo')?.agent.p99, at('socketio')?.agent.p99),
      // Atendo on PostgreSQL ÷ on SQLite, agent receipt p50 (the target at 1k msgs/s: ≤ 2×).
      postgresVsSqliteP50: r(at('atendo-postgres')?.agent.p50, at('atendo')?.agent.p50),
      // Two instances (every message through the bus) ÷ one on PostgreSQL: the cost of the bus.
      clusterVsPostgresP50: r(at('atendo-cluster')?.agent.p50, at('atendo-postgres')?.agent.p50),
    };
  });
}
// Persistence per store, one server after the other (SQLite's keys as before; PostgreSQL's beside).
if (stores.list.includes('sqlite')) results.persistence = await section('persistence (SQLite)', () => persistence(plan.persistence), 'persistence');
if (stores.list.includes('postgres'))
  results.persistencePostgres = await section('persistence (PostgreSQL)', () => persistence({ ...plan.persistence, store: 'postgres' }), 'persistence');
if (stores.list.includes('cluster'))
  results.persistenceCluster = await section('persistence (cluster)', () => persistence({ ...plan.persistence, store: 'cluster' }), 'persistence');
results.connections = await section('connections', () => connections(plan.connections));
const con = await section('console', () => consoleQueries({ ...plan.console, stores: stores.list.filter((x) => x !== 'cluster') }));
results.console = con?.error ? con : con?.sqlite;
results.consolePostgres = con?.error ? con : con?.postgres;
results.startup = await section('startup', () => startup(plan.startup));
results.machine.loadavgAfter = loadavg()[0];
results.targets = verdicts(results);
results.elapsedS = Math.round((performance.now() - t0) / 100) / 10;
results.file = opt('out') ?? resolve(ROOT, 'bench/results.json');
writeFileSync(results.file, JSON.stringify(results, null, 2) + '\n');
console.log(render(results));

// `pnpm bench [--quick] [--only=widget,relay,persistence,connections,console,startup] [--no-build] [--servers=atendo,floor,socketio] [--rates=1000,5000]`
// A/B against another build: BENCH_ATENDO_MAIN=<other checkout>/server/dist/main.js (see bench/README.md).
// Measures Atendo against the physical floor and its peers; writes bench/results.json. See bench/README.md; results in bench/RESULTS.md.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
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

/** Sizes of each run: the full run stays under 5 minutes on 2 cores, --quick about a minute (the Chromium section waits 10 s on /demo). */
const plan = quick
  ? {
      relay: {
        visitors: int('visitors', 100),
        agents: int('agents', 5),
        rates: list('rates', [5000]),
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

const t0 = performance.now();
if (!flag('no-build')) buildAll();
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
};
results.widget = await section('widget', () => widgetBytes());
// The same widget in Chromium: bytes on the wire and click → usable panel on a throttled network.
results.wire = await section('widget in Chromium', () => widgetWire(quick ? { runs: 1, networkCount: 1 } : { runs: 3 }), 'widget');
results.relay = await section('relay', () => relay(plan.relay));
if (results.relay?.servers) {
  results.relay.ratios = plan.relay.rates.map((rate) => {
    const p99 = (k) => results.relay.servers[k]?.steps?.find((s) => s.rate === rate)?.agent.p99;
    const r = (a, b) => (a && b ? Math.round((a / b) * 100) / 100 : null);
    return { rate, vsFloor: r(p99('atendo'), p99('floor')), vsSocketio: r(p99('atendo'), p99('socketio')) };
  });
}
results.persistence = await section('persistence', () => persistence(plan.persistence));
results.connections = await section('connections', () => connections(plan.connections));
results.console = await section('console', () => consoleQueries(plan.console));
results.startup = await section('startup', () => startup(plan.startup));
results.machine.loadavgAfter = loadavg()[0];
results.targets = verdicts(results);
results.elapsedS = Math.round((performance.now() - t0) / 100) / 10;
results.file = opt('out') ?? resolve(ROOT, 'bench/results.json');
writeFileSync(results.file, JSON.stringify(results, null, 2) + '\n');
console.log(render(results));

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const PROBE = fileURLToPath(new URL('./probe.mjs', import.meta.url));

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

/** Resident set size of a process in bytes, from /proc (no server change needed). */
export function rssOf(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/**
 * Start `node <args>` in its own process with the open-files limit raised to the hard limit
 * (10,000 sockets need more than the usual 1,024). `exec` keeps the pid and the IPC channel, so
 * /proc/<pid> is node's own and the probe (see probe.mjs) can answer memory questions.
 */
export function spawnNode(args, { env = {}, cwd = ROOT, ipc = false, quiet = true } = {}) {
  const quoted = args.map((a) => `'${String(a).replace(/'/g, `'\\''`)}'`).join(' ');
  const cmd = `ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec '${process.execPath}' ${quoted}`;
  const child = spawn('bash', ['-c', cmd], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe', ...(ipc ? ['ipc'] : [])],
  });
  let out = '';
  const keep = (d) => {
    out += d;
    if (out.length > 20_000) out = out.slice(-10_000);
    if (!quiet) process.stderr.write(d);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.output = () => out;
  child.exited = new Promise((ok) => child.once('exit', (code, signal) => ok({ code, signal })));
  return child;
}

/** Stop a child we started (SIGTERM, then SIGKILL after a grace period). */
export async function stop(child, graceMs = 3000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await child.exited;
  clearTimeout(t);
}

/** Poll `url` until it answers 200; returns the time it answered (performance.now()). */
export async function waitHttp(url, { timeoutMs = 15_000, child, intervalMs = 2 } = {}) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (res.ok) {
        await res.arrayBuffer();
        return performance.now();
      }
    } catch {
      // not listening yet
    }
    if (child && child.exitCode !== null) throw new Error(`process exited before ${url} answered:\n${child.output()}`);
    if (performance.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms\n${child?.output() ?? ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** One question to a child started with the probe (lib/probe.mjs), over its IPC channel: the answer's `field`. */
function askProbe(child, type, field, extra = {}) {
  return new Promise((ok, fail) => {
    const t = setTimeout(() => fail(new Error(`${type} probe did not answer`)), 10_000);
    const onMsg = (m) => {
      if (m && m.type === type) {
        clearTimeout(t);
        child.off('message', onMsg);
        ok(m[field]);
      }
    };
    child.on('message', onMsg);
    child.send({ type, ...extra });
  });
}

/** Ask a child started with the probe for its memory figures (after a full GC). */
export function probeMemory(child, { gc = true } = {}) {
  return askProbe(child, 'bench:memory', 'memory', { gc });
}

/** Ask a child started with the probe for its event-loop delays and GC pauses since the last ask (then reset). */
export function probeStalls(child) {
  return askProbe(child, 'bench:stalls', 'stalls');
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

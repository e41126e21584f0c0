// Run lanes of shell commands side by side: `node scripts/parallel.mjs "a && b" "c && d"`. Each lane's
// output is printed as whole lines, prefixed with its number; the exit code is the first failing
// lane's (1 when a lane was killed), 0 when every lane passed. `pnpm test:faults` uses it: the
// e-mail fault runs spend most of their time waiting for the outbox's 30 s retry, so they run beside
// the load fault runs instead of after them.
import { spawn } from 'node:child_process';

const lanes = process.argv.slice(2);
if (!lanes.length) {
  console.error('usage: node scripts/parallel.mjs "<command>" ["<command>" …]');
  process.exit(2);
}

const codes = await Promise.all(
  lanes.map(
    (command, i) =>
      new Promise((done) => {
        const child = spawn('sh', ['-c', command], { stdio: ['ignore', 'pipe', 'pipe'] });
        for (const [stream, out] of [
          [child.stdout, process.stdout],
          [child.stderr, process.stderr],
        ]) {
          let rest = '';
          // Whole characters: a multi-byte one split between two chunks stays one.
          stream.setEncoding('utf8');
          stream.on('data', (chunk) => {
            const lines = (rest + chunk).split('\n');
            rest = lines.pop();
            for (const line of lines) out.write(`[${i + 1}] ${line}\n`);
          });
          stream.on('end', () => rest && out.write(`[${i + 1}] ${rest}\n`));
        }
        child.on('close', (code) => {
          console.log(`[${i + 1}] exited ${code ?? 'killed'}: ${command}`);
          done(code ?? 1);
        });
      }),
  ),
);
process.exit(codes.find((c) => c !== 0) ?? 0);

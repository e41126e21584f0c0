// `pnpm dev`: the server with hot reload (tsx watch), the console on Vite's dev server (proxying
// /api and /ws to the server), and the widget rebuilt on change.
import { spawn } from 'node:child_process';

const procs = [
  ['server', 'pnpm', ['--filter', '@atendo/server', 'dev']],
  ['console', 'pnpm', ['--filter', '@atendo/console', 'dev']],
  ['widget', 'pnpm', ['--filter', '@atendo/widget', 'exec', 'vite', 'build', '--watch']],
];
const children = procs.map(([name, cmd, args]) => {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'development' } });
  const prefix = (chunk) =>
    chunk
      .toString()
      .split('\n')
      .filter(Boolean)
      .map((l) => `[${name}] ${l}`)
      .join('\n') + '\n';
  child.stdout.on('data', (c) => process.stdout.write(prefix(c)));
  child.stderr.on('data', (c) => process.stderr.write(prefix(c)));
  return child;
});
const stop = () => {
  for (const c of children) c.kill('SIGTERM');
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

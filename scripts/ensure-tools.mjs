// The browser tests drive Debian's Chromium (never a downloaded build), the cluster's e2e test
// puts Debian's haproxy in front of two instances, and the README's integration examples run with
// Debian's PHP and curl (and python3, which the machines have). Install what is missing if we are allowed to
// (root, or passwordless sudo); otherwise say exactly what to do.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const tools = [
  { path: process.env.ATENDO_CHROMIUM || '/usr/bin/chromium', pkg: 'chromium', env: 'ATENDO_CHROMIUM' },
  { path: process.env.ATENDO_HAPROXY || '/usr/sbin/haproxy', pkg: 'haproxy', env: 'ATENDO_HAPROXY' },
  // The README's webhook signature checks in PHP, and its API calls with curl, run against a real delivery.
  { path: process.env.ATENDO_PHP || '/usr/bin/php', pkg: 'php-cli', env: 'ATENDO_PHP' },
  { path: process.env.ATENDO_CURL || '/usr/bin/curl', pkg: 'curl', env: 'ATENDO_CURL' },
];
const missing = tools.filter((t) => !existsSync(t.path));
if (!missing.length) process.exit(0);

const pkgs = missing.map((t) => t.pkg).join(' ');
const isRoot = process.getuid?.() === 0;
const sudo = isRoot ? '' : 'sudo -n ';
console.log(`e2e: ${missing.map((t) => t.path).join(', ')} not found, installing Debian's ${pkgs} with apt-get…`);
try {
  execSync(`${sudo}apt-get update -qq && ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${pkgs}`, { stdio: 'inherit' });
} catch {
  console.error(`e2e: could not install ${pkgs}. Run "sudo apt-get install -y ${pkgs}" (or set ${missing.map((t) => t.env).join(' / ')}) and try again.`);
  process.exit(1);
}
for (const t of missing) {
  if (!existsSync(t.path)) {
    console.error(`e2e: ${t.pkg} installed but ${t.path} is missing; set ${t.env}.`);
    process.exit(1);
  }
}

// The browser tests drive Debian's Chromium (never a downloaded build). Install it if it is missing
// and we are allowed to (root, or passwordless sudo); otherwise say exactly what to do.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = process.env.ATENDO_CHROMIUM || '/usr/bin/chromium';
if (existsSync(CHROMIUM)) process.exit(0);

const isRoot = process.getuid?.() === 0;
const sudo = isRoot ? '' : 'sudo -n ';
console.log(`e2e: ${CHROMIUM} not found, installing Debian's chromium with apt-get…`);
try {
  execSync(`${sudo}apt-get update -qq && ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium`, { stdio: 'inherit' });
} catch {
  console.error(`e2e: could not install chromium. Run "sudo apt-get install -y chromium" (or set ATENDO_CHROMIUM to a Chromium binary) and try again.`);
  process.exit(1);
}
if (!existsSync(CHROMIUM)) {
  console.error(`e2e: chromium installed but ${CHROMIUM} is missing; set ATENDO_CHROMIUM.`);
  process.exit(1);
}

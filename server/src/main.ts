import { loadConfig, redactDatabaseUrl } from './config';
import { originWarnings } from './security/origins';
import { startServer } from './server';
import type { Config } from './config';

/** Where visitors' e-mailed answers come in, when they do. */
function inboundLines(config: Config, smtpPort: number | null): string[] {
  const lines: string[] = [];
  const domain = config.mail.inboundDomain;
  if (smtpPort !== null) lines.push(`  Mail in      SMTP on ${config.inbound.smtpHost}:${smtpPort} for reply+…@${domain}`);
  if (config.inbound.secret) lines.push(`  Mail in      webhook POST ${config.publicUrl}/api/v1/inbound/email`);
  return lines;
}

/** `pnpm start` lands here: serve Atendo and print where to find it. */
async function main() {
  const started = performance.now();
  const config = loadConfig();
  const running = await startServer(config);
  const base = config.publicUrl;
  const lines = [
    '',
    `  Atendo is running (${Math.round(performance.now() - started)} ms)`,
    '',
    `  Console      ${base}/`,
    config.demo ? `  Demo page    ${base}/demo` : '  Demo page    off (NODE_ENV=production; ATENDO_DEMO=1 turns it on)',
    `  Widget       ${base}/widget.js`,
    `  API          ${base}/api/docs (reference; tokens in Settings → Integrations)`,
    `  Health       ${base}/healthz (ready: ${base}/readyz)`,
    config.database.url ? `  Database     PostgreSQL ${redactDatabaseUrl(config.database.url)}` : `  Database     ${config.dataDir}/atendo.db`,
    ...(running.redis ? [`  Cluster      Redis ${redactDatabaseUrl(config.redis.url!)} as instance ${running.redis.bus.instanceId}`] : []),
    config.mail.smtpUrl
      ? `  E-mail       on, from ${config.mail.from.address}`
      : '  E-mail       off (set ATENDO_SMTP_URL to send replies to visitors who left)',
    ...inboundLines(config, running.inboundSmtp?.port ?? null),
    '',
  ];
  const admin = running.boot.admin;
  if (admin) {
    lines.push('  First admin created:', `    e-mail    ${admin.email}`);
    if (admin.generated) lines.push(`    password  ${admin.password}`, '    (generated: shown only this once; set ATENDO_ADMIN_PASSWORD to choose it)');
    else lines.push('    password  (from ATENDO_ADMIN_PASSWORD)');
    lines.push('');
  }
  console.log(lines.join('\n'));
  // Loud on purpose: a site without allowed origins is open to any localhost page in dev mode.
  const warnings = originWarnings(running.services.sites.cachedRows(), { ownOrigin: new URL(base).origin, dev: config.dev });
  if (warnings.length) console.warn([...warnings, ''].join('\n'));
  if (config.testDropLiveSeqs.length) {
    console.warn(
      `  ATENDO_TEST_DROP_LIVE_SEQ is set: live copies of messages ${config.testDropLiveSeqs.join(', ')} of every conversation are dropped on purpose (tests only).\n`,
    );
  }

  const stop = async (signal: string) => {
    console.log(`\n  ${signal}: shutting down`);
    await running.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

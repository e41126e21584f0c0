/** The printed table and the target verdicts, from the figures the sections measured. */

const KB = (b) => (b === null || b === undefined ? 'n/a' : `${(b / 1024).toFixed(2)} KB`);
const ms = (x) => (x === null || x === undefined ? 'n/a' : `${x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : Math.round(x)} ms`);
const MB = (b) => (b === null || b === undefined ? 'n/a' : `${(b / 1024 / 1024).toFixed(1)} MB`);
const num = (x) => (x === null || x === undefined ? 'n/a' : Math.round(x).toLocaleString('en-US'));

function table(rows) {
  const widths = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, String(c).length)));
  return rows
    .map(
      (r) =>
        '  ' +
        r
          .map((c, i) => String(c).padEnd(widths[i]))
          .join('  ')
          .trimEnd(),
    )
    .join('\n');
}

/** Every benchmark target with the measured figure; `pass` is null when there is nothing to judge. */
export function verdicts(r) {
  const t = [];
  const add = (section, name, value, target, pass) => t.push({ section, name, value, target, pass });
  const w = r.widget;
  if (w && !w.error) {
    add('widget', 'loader gzip', KB(w.loader.gzip), '≤ 2 KB', w.loader.gzip <= 2048);
    add('widget', 'before the bubble opens, gzip total', KB(w.beforeOpen.gzip), '≤ 2 KB', w.beforeOpen.gzip <= 2048);
    if (w.panelOpen) {
      add('widget', 'panel open, gzip total', KB(w.panelOpen.gzip), '≤ 30 KB', w.panelOpen.gzip <= 30 * 1024);
      add('widget', 'smallest peer ÷ panel open', `${w.ratioSmallestPeerToPanel}×`, '≥ 4×', w.ratioSmallestPeerToPanel >= 4);
    }
  }
  // Section 1b: what Chromium received, not what the files would compress to.
  const x = r.wire;
  if (x && !x.error) {
    add(
      'widget',
      `on the wire before intent (${x.waitS} s on /demo), bodies`,
      `${KB(x.beforeIntent.body)} (+ ${KB(x.beforeIntent.headers)} headers)`,
      '≤ 2 KB',
      x.beforeIntent.body <= 2048,
    );
    add(
      'widget',
      'on the wire for hovering and opening, bodies',
      `${KB(x.afterOpen.body)} (+ ${KB(x.afterOpen.headers)} headers)`,
      '≤ 30 KB',
      x.afterOpen.body <= 30 * 1024,
    );
    const uncompressed = [...x.beforeIntent.uncompressed, ...x.afterOpen.uncompressed];
    add('widget', 'files sent without br or gzip', uncompressed.length ? uncompressed.join(' ') : 'none', 'none', uncompressed.length === 0);
    if (w && !w.error) {
      const total = x.beforeIntent.body + x.afterOpen.body + x.beforeIntent.headers + x.afterOpen.headers;
      const ratio = Math.round((w.smallestPeerGzip / total) * 10) / 10;
      add('widget', 'smallest peer ÷ Atendo open, on the wire with headers', `${ratio}×`, '≥ 4×', ratio >= 4);
    }
  }
  const rel = r.relay?.servers;
  const at5 = (k) => rel?.[k]?.steps?.find((s) => s.rate === 5000);
  const a5 = at5('atendo');
  const s5 = at5('socketio');
  if (a5) {
    add('relay', '5k msgs/s, agent receipt p50', ms(a5.agent.p50), '≤ 1.5 ms', a5.agent.p50 !== null && a5.agent.p50 <= 1.5);
    add('relay', '5k msgs/s, agent receipt p99', ms(a5.agent.p99), '≤ 5 ms', a5.agent.p99 !== null && a5.agent.p99 <= 5);
    add('relay', '5k msgs/s, ack p50', ms(a5.ack.p50), '≤ 1.5 ms', a5.ack.p50 !== null && a5.ack.p50 <= 1.5);
    add('relay', '5k msgs/s, ack p99', ms(a5.ack.p99), '≤ 5 ms', a5.ack.p99 !== null && a5.ack.p99 <= 5);
    if (s5) add('relay', '5k msgs/s, p99 vs bare Socket.IO', `${ms(a5.agent.p99)} vs ${ms(s5.agent.p99)}`, 'Atendo ≤ Socket.IO', a5.agent.p99 <= s5.agent.p99);
  }
  const at1k = (k) => rel?.[k]?.steps?.find((s) => s.rate === 1000);
  const [l1, g1] = [at1k('atendo'), at1k('atendo-postgres')];
  if (l1 && g1) {
    const ok = g1.agent.p50 !== null && l1.agent.p50 !== null && g1.agent.p50 <= 2 * l1.agent.p50;
    add('relay', '1k msgs/s, agent receipt p50, PostgreSQL vs SQLite', `${ms(g1.agent.p50)} vs ${ms(l1.agent.p50)}`, 'PostgreSQL ≤ 2× SQLite', ok);
  }
  const p = r.persistence;
  if (p && !p.error)
    add(
      'persistence',
      'stored and acked, sustained',
      `${num(p.rate)} msgs/s (${num(p.inFlight)} in flight; slowest second ${num(p.minSecond)})`,
      '≥ 20,000 msgs/s',
      p.rate >= 20_000,
    );
  // PostgreSQL (issue 17): reported beside SQLite's, with targets of its own.
  const pp = r.persistencePostgres;
  if (pp && !pp.error)
    add(
      'persistence',
      'PostgreSQL: stored and acked, sustained',
      `${num(pp.rate)} msgs/s (${num(pp.inFlight)} in flight; slowest second ${num(pp.minSecond)})`,
      '≥ 15,000 msgs/s',
      pp.rate >= 15_000,
    );
  const c = r.connections;
  if (c && !c.error)
    add(
      'connections',
      `RSS per idle visitor (${num(c.connected)} connected)`,
      `${(c.rssPerVisitor / 1024).toFixed(1)} KB`,
      '≤ 10 KB',
      c.rssPerVisitor <= 10 * 1024,
    );
  const q = r.console;
  if (q && !q.error) {
    add('console', 'inbox first page p95', ms(q.inbox_open_first?.p95), '≤ 5 ms', q.inbox_open_first?.p95 <= 5);
    add('console', 'search p95', q.search?.missing ? 'n/a (endpoint missing)' : ms(q.search?.p95), '≤ 50 ms', q.search?.missing ? null : q.search.p95 <= 50);
  }
  const qp = r.consolePostgres;
  if (qp && !qp.error) {
    const first = qp.inbox_open_first?.p95;
    const floor = qp.http_floor_auth_me?.p95;
    add(
      'console',
      'PostgreSQL: inbox first page p95 vs the HTTP floor p95',
      `${ms(first)} vs ${ms(floor)}`,
      '≤ floor + 1 ms',
      typeof first === 'number' && typeof floor === 'number' ? first <= floor + 1 : null,
    );
    add(
      'console',
      `PostgreSQL: search p95 (${num(qp.messages)} messages)`,
      qp.search?.missing ? 'n/a (endpoint missing)' : ms(qp.search?.p95),
      '≤ 50 ms',
      qp.search?.missing ? null : qp.search.p95 <= 50,
    );
  }
  const s = r.startup;
  if (s && !s.error) {
    add('startup', 'process start → /healthz (slowest start)', ms(s.healthzMs), '≤ 1 s', s.healthzMs <= 1000);
    add('startup', 'idle RSS', MB(s.idleRss), '≤ 80 MB', s.idleRss <= 80 * 1024 * 1024);
  }
  return t;
}

const STORE = { sqlite: 'SQLite', postgres: 'PostgreSQL', cluster: '2 instances on PostgreSQL and Redis' };

const mark = (pass) => (pass === null ? '–' : pass ? '✓' : '✗ MISS');

/** Human-readable report of one run. */
export function render(r) {
  const out = [];
  const m = r.machine;
  out.push(`Atendo bench (${r.mode}) — ${r.date} — ${m.cores} cores (${m.cpu}), Node ${m.node}, ${MB(m.memory)} RAM`);
  out.push(
    `  load average ${m.loadavgBefore?.toFixed(2)} before, ${m.loadavgAfter?.toFixed(2)} after (above ~0.5 other work shared the cores: figures are pessimistic)`,
  );
  const st = r.stores?.postgres;
  if (st?.skipped) out.push(`  stores: SQLite only; PostgreSQL skipped: ${st.skipped}`);
  else if (st?.settings)
    out.push(
      `  stores: ${r.stores.list.map((x) => STORE[x]).join(', ')}; PostgreSQL ${st.settings.server_version} at ${st.url} (fsync=${st.settings.fsync}, synchronous_commit=${st.settings.synchronous_commit}, shared_buffers=${st.settings.shared_buffers}), a fresh database per run, on the same cores`,
    );
  const rd = r.stores?.redis;
  if (rd?.skipped) out.push(`  cluster skipped: ${rd.skipped}`);
  else if (rd?.version) out.push(`  cluster: Redis ${rd.version} at ${rd.url} (a key prefix per run), on the same cores`);
  const section = (title) => out.push('', title);
  const err = (x) => x?.error && out.push(`  failed: ${x.error}`);

  const w = r.widget;
  section('1. Widget bytes (each file gzip -9 / brotli -q 11, summed; KB = 1,024 bytes)');
  if (w?.error) err(w);
  else if (w) {
    const rows = [['', 'raw', 'gzip', 'brotli', 'files']];
    rows.push(['loader', KB(w.loader.raw), KB(w.loader.gzip), KB(w.loader.brotli), w.loader.files.join(' ')]);
    rows.push(['before the bubble opens', KB(w.beforeOpen.raw), KB(w.beforeOpen.gzip), KB(w.beforeOpen.brotli), w.beforeOpen.files.join(' ')]);
    if (w.panelOpen) rows.push(['panel open', KB(w.panelOpen.raw), KB(w.panelOpen.gzip), KB(w.panelOpen.brotli), w.panelOpen.files.join(' ')]);
    for (const e of w.extras) rows.push([`  lazy extra: ${e.name}`, KB(e.raw), KB(e.gzip), KB(e.brotli), e.files.join(' ')]);
    if (!w.extras.length) rows.push(['  lazy extras', '', '', '', 'none built yet']);
    const pc = w.papercupsMeasured;
    if (pc.ok) rows.push(['Papercups, measured now', KB(pc.raw), KB(pc.gzip), KB(pc.brotli), pc.how]);
    else rows.push(['Papercups, measured now', '', 'n/a', '', `could not bundle: ${pc.error}`]);
    for (const p of w.peers) rows.push([`${p.name}, published`, '', KB(p.gzipBytes), '', `${p.what}; ${p.source}`]);
    out.push(table(rows));
    if (w.panelOpen) out.push(`  smallest peer ÷ Atendo panel open: ${w.ratioSmallestPeerToPanel}×`);
  }
  const x = r.wire;
  section('1b. Widget on the wire (Chromium, empty cache, /demo of a real server; bytes as received)');
  if (x?.error) err(x);
  else if (x) {
    const rows = [['stage', 'requests', 'bodies', 'headers', 'what came']];
    rows.push([
      `page alone for ${x.waitS} s (no intent)`,
      x.beforeIntent.requests,
      KB(x.beforeIntent.body),
      KB(x.beforeIntent.headers),
      x.beforeIntent.files.join(', '),
    ]);
    rows.push(['hover, then open the bubble', x.afterOpen.requests, KB(x.afterOpen.body), KB(x.afterOpen.headers), x.afterOpen.files.join(', ')]);
    out.push(table(rows));
    for (const t of x.timing) {
      out.push(`  click → usable panel on ${t.network}, median of ${t.runs} (each run a new visitor, empty cache):`);
      out.push(
        `    on intent: click without hovering first ${ms(t.medians.onIntentClick)} [${t.onIntentClick.join(', ')}]; hovering 400 ms before the click ${ms(t.medians.onIntentHover400)} [${t.onIntentHover400.join(', ')}]`,
      );
      out.push(`    prefetched when idle (data-prefetch="idle", the earlier default) ${ms(t.medians.idlePrefetch)} [${t.idlePrefetch.join(', ')}]`);
    }
  }

  const rel = r.relay;
  section(`2. Relay latency (${rel?.visitors} visitors, ${rel?.agents} agents, 127.0.0.1; open-loop fixed rate, ${rel?.measureS} s measured per step)`);
  if (rel) {
    const rows = [
      ['server', 'rate', 'achieved', 'ack p50 / p99 / p99.9', 'agent p50 / p99 / p99.9', 'cores: server (+ db) + load', 'load loop late p99', 'note'],
    ];
    const names = {
      atendo: 'Atendo (SQLite, ack after commit)',
      'atendo-postgres': 'Atendo (PostgreSQL, ack after commit)',
      'atendo-cluster': 'Atendo, 2 instances (PostgreSQL + Redis; visitors on one, agents on the other)',
      'atendo-webhooks': 'Atendo (SQLite) with a message.created webhook',
      floor: 'bare ws relay (floor, no storage)',
      socketio: 'Socket.IO relay (no storage)',
    };
    for (const rate of rel.rates) {
      for (const k of ['atendo', 'atendo-postgres', 'atendo-cluster', 'atendo-webhooks', 'floor', 'socketio']) {
        const s = rel.servers[k];
        if (s?.error) {
          if (rate === rel.rates[0]) rows.push([names[k], '', '', '', '', '', '', `failed: ${s.error.slice(0, 120)}`]);
          continue;
        }
        const st = s?.steps?.find((x) => x.rate === rate);
        if (!st) continue;
        const note = [
          st.saturated ? 'saturated' : '',
          st.unacked ? `${st.unacked} unacked` : '',
          st.agentCopiesMissing ? `${num(st.agentCopiesMissing)} agent copies not in within ${(rel.drainMs ?? 3000) / 1000} s` : '',
        ]
          .filter(Boolean)
          .join(', ');
        // Atendo's server figure split into its event loop and its SQLite writer thread; on
        // PostgreSQL, the database's backends beside it (they share the same cores).
        const th = k === 'atendo' ? st.coresUsed?.threads : null;
        const split = th ? ` (loop ${th.eventLoop}, writer ${th.busiestOther})` : '';
        const db = typeof st.coresUsed?.database === 'number' ? ` + db ${st.coresUsed.database}` : '';
        const cores = st.coresUsed ? `${st.coresUsed.server ?? '?'}${split}${db} + ${st.coresUsed.loadGenerator}` : '';
        const late = st.loadGeneratorLoopDelay ? ms(st.loadGeneratorLoopDelay.p99) : '';
        rows.push([
          names[k],
          num(rate),
          num(st.ackedRate),
          `${ms(st.ack.p50)} / ${ms(st.ack.p99)} / ${ms(st.ack.p999)}`,
          `${ms(st.agent.p50)} / ${ms(st.agent.p99)} / ${ms(st.agent.p999)}`,
          cores,
          late,
          note,
        ]);
      }
    }
    out.push(table(rows));
    for (const x of rel.ratios ?? [])
      out.push(
        `  at ${num(x.rate)}/s agent p99: Atendo ÷ floor ${x.vsFloor ?? 'n/a'}×, Atendo ÷ Socket.IO ${x.vsSocketio ?? 'n/a'}×` +
          (x.postgresVsSqliteP50 ? `; agent p50 Atendo on PostgreSQL ÷ on SQLite ${x.postgresVsSqliteP50}×` : '') +
          (x.clusterVsPostgresP50 ? `; 2 instances ÷ 1 on PostgreSQL ${x.clusterVsPostgresP50}× (the bus)` : ''),
      );
    const wh = rel.servers['atendo-webhooks']?.webhooks;
    if (wh)
      out.push(
        `  webhooks: ${num(wh.received)} message.created deliveries received (${num(wh.unique)} distinct webhook-ids), ` +
          (wh.settled === false
            ? `still arriving ${ms(wh.lastAfterLoadMs)} after the load ended (the outbox was behind)`
            : `the last ${ms(wh.lastAfterLoadMs)} after the load ended`),
      );
    out.push("  load loop late: how late the load generator's own event loop ran (it shares the 2 cores); every latency above includes it");
  }

  // Each store on a server of its own, side by side; the long per-store details below the table.
  const ps = [
    ['SQLite', r.persistence],
    ['PostgreSQL', r.persistencePostgres],
    ['2 instances (PostgreSQL + Redis)', r.persistenceCluster],
  ].filter(([, x]) => x);
  section('3. Persistence (closed loop, every ack after commit; each store on a fresh server)');
  for (const [name, x] of ps) if (x.error) out.push(`  ${name} failed: ${x.error}`);
  const pok = ps.filter(([, x]) => !x.error);
  if (pok.length) {
    const col = (f) => pok.map(([, x]) => f(x));
    out.push(
      table([
        ['', ...pok.map(([n]) => n)],
        ['stored and acked, sustained', ...col((p) => `${num(p.rate)} msgs/s over ${p.seconds} s, ${num(p.inFlight)} in flight`)],
        ['ack latency under full load', ...col((p) => `p50 ${ms(p.ack.p50)}, p99 ${ms(p.ack.p99)}`)],
        // A closed loop's rate is at most in-flight ÷ latency: each phase offers more, until the server is the limit.
        ...[0, 1].map((i) => [
          i === 0 ? 'each phase (same server)' : '',
          ...col((p) => {
            const x = p.phases?.[i];
            return x ? `${num(x.inFlight)} in flight: ${num(x.rate)} msgs/s, ack p50 ${ms(x.ack.p50)}` : '';
          }),
        ]),
        [
          'CPU cores used',
          ...col((p) =>
            p.coresUsed
              ? `server ${p.coresUsed.server ?? '?'}${typeof p.coresUsed.database === 'number' ? `, database ${p.coresUsed.database}` : ''}, load ${p.coresUsed.loadGenerator} (of ${r.machine.cores})`
              : 'n/a',
          ),
        ],
        [
          'CPU per message',
          ...col((p) =>
            p.cpuPerMessageUs
              ? `server ${num(p.cpuPerMessageUs)} µs${p.cpuBudget?.databaseUs !== null && p.cpuBudget?.databaseUs !== undefined ? ` + database ${num(p.cpuBudget.databaseUs)} µs` : ''}`
              : 'n/a',
          ),
        ],
        ['checked in the database', ...col((p) => `${num(p.storedBenchMessages)} stored for ${num(p.ackedBenchMessages)} acked`)],
      ]),
    );
    for (const [name, p] of pok) {
      out.push(`  ${name}:`);
      out.push(`    per second: ${p.perSecond.map(num).join(', ')} (slowest ${num(p.minSecond)})`);
      // Every thread that works for a message, the load generator included, and how busy each
      // was: the writer thread stores batch after batch, so its share bounds the rate on any box.
      const b = p.cpuBudget;
      const th = p.coresUsed?.threads;
      if (b && th) {
        const db = b.databaseUs !== null && b.databaseUs !== undefined ? `, PostgreSQL backends ${num(b.databaseUs)} µs (${p.coresUsed.database})` : '';
        const other = name === 'SQLite' ? 'writer thread' : 'busiest other thread';
        out.push(
          `    CPU per message, by thread: event loop ${num(b.eventLoopUs)} µs (${th.eventLoop} cores), ${other} ${num(b.writerUs)} µs (${th.busiestOther}), other server threads ${num(b.otherServerUs)} µs (${th.rest})${db}, load generator ${num(b.loadGeneratorUs)} µs (${p.coresUsed.loadGenerator}): ${num(b.totalUs)} µs a message`,
        );
      }
      if (name === 'SQLite' && p.fsync)
        out.push(
          `    one durable commit here: 4 KB + fdatasync p50 ${ms(p.fsync.overwrite.p50)} overwriting, ${ms(p.fsync.append.p50)} appending (p99 ${ms(p.fsync.overwrite.p99)} / ${ms(p.fsync.append.p99)})`,
        );
      out.push(`    durability: ${p.durability}`);
    }
  }

  const c = r.connections;
  section('4. Idle connections');
  if (c?.error) err(c);
  else if (c)
    out.push(
      table([
        [
          'visitors connected',
          `${num(c.connected)} of ${num(c.visitors)}${c.failed ? ` (${c.failed} failed: ${c.firstError})` : ''} in ${ms(c.connectMs)} (${num(c.connectsPerSecond)}/s)`,
        ],
        [
          'server RSS',
          `${MB(c.rssBefore)} → ${MB(c.rssAfter)}: ${(c.rssPerVisitor / 1024).toFixed(1)} KB per visitor (${num(1024 ** 3 / Math.max(1, c.rssPerVisitor))} per GB)`,
        ],
        ['server heap', `${MB(c.heapBefore)} → ${MB(c.heapAfter)}: ${(c.heapPerVisitor / 1024).toFixed(1)} KB per visitor`],
      ]),
    );

  // Both stores on the same seed (PostgreSQL gets a copy of the seeded SQLite file), side by side.
  const q = r.console;
  const qp = r.consolePostgres;
  const seedOf = q && !q.error ? q : qp;
  const seededIn = [
    ['SQLite', q],
    ['PostgreSQL', qp],
  ]
    .filter(([, x]) => x?.seedMs !== undefined)
    .map(([n, x]) => `${n} ${ms(x.seedMs)}${x.vacuumAnalyzeMs !== undefined ? ` + VACUUM ANALYZE ${ms(x.vacuumAnalyzeMs)}` : ''}`)
    .join(', ');
  section(
    `5. Console queries over HTTP (${num(seedOf?.conversations)} conversations, ${num(seedOf?.messages)} messages, the same rows in each store; seeded in ${seededIn || 'n/a'})`,
  );
  const qs = [
    ['SQLite', q],
    ['PostgreSQL', qp],
  ].filter(([, x]) => x);
  for (const [name, x] of qs) if (x.error) out.push(`  ${name} failed: ${x.error}`);
  const qok = qs.filter(([, x]) => !x.error);
  if (qok.length) {
    const rows = [['query', ...qok.flatMap(([n]) => [`${n} p50`, 'p95', 'p99'])]];
    const row = (name, get) => {
      const xs = qok.map(([, x]) => get(x));
      if (xs.every((x) => !x)) return;
      rows.push([name, ...xs.flatMap((x) => (x ? [ms(x.p50), ms(x.p95), ms(x.p99)] : ['n/a', '', '']))]);
    };
    row('HTTP floor: GET /auth/me', (x) => x.http_floor_auth_me);
    row('inbox first page (open)', (x) => x.inbox_open_first);
    row('inbox next page (open)', (x) => x.inbox_open_next);
    row('inbox first page (all)', (x) => x.inbox_all_first);
    row('inbox next page (all)', (x) => x.inbox_all_next);
    row('transcript (100 messages)', (x) => x.transcript);
    const counts = qok.find(([, x]) => !x.unreadCounts?.missing)?.[1].unreadCounts;
    if (!counts) rows.push(['unread counts per view', 'n/a (endpoint missing)']);
    else row(`unread counts per view (${counts.path})`, (x) => (x.unreadCounts?.missing ? null : x.unreadCounts));
    const search = qok.find(([, x]) => !x.search?.missing)?.[1].search;
    if (!search) rows.push(['full-text search', 'n/a (endpoint missing)']);
    else row(`full-text search (slowest of ${Object.keys(search.perTerm).length} terms; p99 not kept)`, (x) => (x.search?.missing ? null : x.search));
    out.push(table(rows));
    if (qp?.differentFromSqlite)
      out.push(
        qp.differentFromSqlite.length
          ? `  ✗ PostgreSQL answered differently from SQLite on the same rows: ${qp.differentFromSqlite.join(', ')}`
          : `  both stores answered every inbox page and search with the same items in the same order`,
      );
    // Per term: which word is slow on which store (a common word costs PostgreSQL a sort over its matches).
    if (search)
      out.push(
        `  search p95 per term: ${Object.keys(search.perTerm)
          .map((t) => `${t} ${qok.map(([n, x]) => `${n} ${ms(x.search?.perTerm?.[t]?.p95)}`).join(' / ')}`)
          .join('; ')}`,
      );
  }

  const s = r.startup;
  section('6. Start-up');
  if (s?.error) err(s);
  else if (s)
    out.push(
      table([
        ['first start (creates the database) → /healthz', ms(s.firstStartMs)],
        ['restarts → /healthz', s.restartMs.map(ms).join(', ')],
        ['restart with the seeded database → /healthz', ms(q?.restartHealthzMs)],
        ...(qp && !qp.error ? [['start on the seeded PostgreSQL database → /healthz', ms(qp.restartHealthzMs)]] : []),
        ['idle RSS', MB(s.idleRss)],
      ]),
    );

  section(r.mode === 'quick' ? 'Targets (quick run: smaller loads, so these marks are indicative only; judge by the full `pnpm bench`)' : 'Targets');
  out.push(table(r.targets.map((t) => [mark(t.pass), `${t.section}: ${t.name}`, t.value, `target ${t.target}`])));
  out.push('', `  ${r.elapsedS} s in all. Figures: ${r.file}`);
  return out.join('\n');
}

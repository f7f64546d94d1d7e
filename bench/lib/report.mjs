// Turns the rounds of measurements into medians, the targets of issue 5 with
// pass/fail, and the Markdown table committed under bench/results/.
import { FAILED, MATRIX_APIS, METRICS_OFF, METRICS_ON, MINIMAL, MINIMAL_VARIANTS, PG_PLAIN, PG_RPM, SY_FALLBACK, SY_PLAIN, TRANSLATED, matrixCellId, matrixLabel, runLabel } from './cells.mjs';

export function median(xs) {
  const v = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
}

const FIELDS = ['rps', 'p50Ms', 'p90Ms', 'p99Ms', 'ttfbP50Ms', 'ttfbP99Ms', 'cpuUsPerReq', 'peakRssMB', 'failedAttemptsPerReq', 'upstreamConnsPerReq', 'upstreamApiPerReq'];
/** Kept per round as well, for ratios and differences taken round by round. */
const PAIRED = ['cpuUsPerReq', 'rps', 'p50Ms', 'p99Ms', 'ttfbP50Ms', 'peakRssMB'];

/** samples: { [cellId]: { [label]: result[] } } → medians, plus added latency over direct. */
export function summarize(cells, samples) {
  const out = {};
  for (const cell of cells) {
    const runs = {};
    for (const run of cell.runs) {
      const label = runLabel(run);
      const rs = samples[cell.id]?.[label] ?? [];
      if (!rs.length) continue;
      const m = { target: run.target, scenario: run.scenario, rounds: rs.length };
      for (const f of FIELDS) m[f] = median(rs.map((r) => r[f]));
      // Per round, in order: ratios are taken round by round (paired runs, back to back).
      m.perRound = Object.fromEntries(PAIRED.map((f) => [f, rs.map((r) => r[f] ?? null)]));
      // Matrix runs (#19): the upstream API reached, the mock's counter for it and the bare-proxy run to compare with.
      if (run.api) Object.assign(m, { api: run.api, ref: run.ref, upstreamCounter: rs[0].upstreamCounter ?? null });
      m.requests = rs.reduce((a, r) => a + r.requests, 0);
      m.non2xx = rs.reduce((a, r) => a + r.non2xx, 0);
      m.expectErrors = run.scenario === 'fail';
      m.socketErrors = rs.reduce((a, r) => a + r.socketErrors, 0);
      runs[label] = m;
    }
    const direct = Object.values(runs).find((r) => r.target === 'direct' && r.scenario !== 'fail');
    for (const m of Object.values(runs)) {
      if (!direct || m === direct || m.scenario === 'fail') continue;
      m.addedP50Ms = m.p50Ms - direct.p50Ms;
      m.addedP99Ms = m.p99Ms - direct.p99Ms;
      if (m.ttfbP50Ms !== null && direct.ttfbP50Ms !== null) m.addedTtfbP50Ms = m.ttfbP50Ms - direct.ttfbP50Ms;
    }
    out[cell.id] = { title: cell.title, load: cell.load, ttfb: cell.ttfb === true, matrix: cell.matrix === true, concurrency: cell.c, runs };
  }
  return out;
}

const get = (res, cell, label, field) => res[cell]?.runs?.[label]?.[field] ?? null;

/** Runs that answered errors measure an error path, not the gateway: their targets are not judged. */
function broken(res, pairs) {
  const bad = [];
  for (const [cell, label] of pairs) {
    const m = res[cell]?.runs?.[label];
    if (!m) continue;
    if (m.requests === 0 || (m.expectErrors ? m.socketErrors : m.non2xx + m.socketErrors) / m.requests > 0.01) bad.push(`${label} in ${cell}`);
    else if (misrouted(m)) bad.push(`${label} in ${cell} (${f(m.upstreamApiPerReq, 2)} calls/req to the mock's ${m.upstreamCounter})`);
  }
  return bad;
}

/** A matrix run whose requests did not reach the upstream API it is meant to (or reached it non-stream for a stream). */
const misrouted = (m) => typeof m.upstreamApiPerReq === 'number' && m.upstreamApiPerReq < 0.9;

/** Median over rounds of op(a's value, b's value), rounds paired in order; null when either lacks them. */
function pairedOf(a, b, field, op) {
  const xs = a?.perRound?.[field];
  const ys = b?.perRound?.[field];
  if (!xs || !ys || xs.length !== ys.length || xs.length === 0) return null;
  return median(xs.map((x, i) => (x === null || ys[i] === null || ys[i] === undefined ? null : op(x, ys[i]))));
}
const div = (x, y) => (y ? x / y : null);
const sub = (x, y) => x - y;

/**
 * The median of per-round ratios: the two runs of a round are measured back to back, so
 * pairing them cancels most of the machine's drift between rounds (steadier than a ratio
 * of medians on a shared machine). Falls back to the ratio of medians.
 */
function pairedRatio(res, cell, a, b, field) {
  const r = pairedOf(res[cell]?.runs?.[a], res[cell]?.runs?.[b], field, div);
  if (r !== null) return r;
  const x = get(res, cell, a, field);
  const y = get(res, cell, b, field);
  return x === null || y === null || y === 0 ? null : x / y;
}

/** Lines that put the CPU targets in context: what the duties cost in the minimal gateway. */
export function dutiesContext(res) {
  const cpu = (cell, a, b) => pairedRatio(res, cell, a, b, 'cpuUsPerReq');
  const lines = [];
  const min = cpu('chat-c64', MINIMAL, 'bare proxy');
  const sy = cpu('chat-c64', 'switchyard', MINIMAL);
  if (min !== null) lines.push(`- Minimal gateway (SPEC's per-request duties in one file, \`bench/minimal-gateway.mjs\`) vs bare proxy, chat at c=64: **${f(min, 2)}×**.`);
  if (sy !== null) lines.push(`- Switchyard vs the minimal gateway, same cell: **${f(sy, 2)}×**.`);
  const minStream = cpu('stream-c64', MINIMAL, 'bare proxy');
  const syStream = cpu('stream-c64', 'switchyard', MINIMAL);
  if (minStream !== null && syStream !== null) {
    lines.push(`- Streaming (20 chunks, c=64): minimal gateway ${f(minStream, 2)}× the bare proxy; Switchyard ${f(syStream, 2)}× the minimal gateway.`);
  }
  const pairedSy = cpu('paired-c64', 'switchyard', 'bare proxy');
  const pairedMin = cpu('paired-c64', MINIMAL, 'bare proxy');
  if (pairedSy !== null && pairedMin !== null) {
    lines.push(`- Loaded at the same time (paired windows, \`paired-c64\`): Switchyard ${f(pairedSy, 2)}×, minimal gateway ${f(pairedMin, 2)}× the bare proxy.`);
  }
  for (const name of Object.keys(MINIMAL_VARIANTS)) {
    const r = cpu('duties-c64', name, 'bare proxy');
    if (r !== null) lines.push(`- ${name[0].toUpperCase()}${name.slice(1)} vs bare proxy (duties cell): ${f(r, 2)}×.`);
  }
  return lines;
}

/** The targets of issue 5, each with the measured value, the limit and the verdict. */
export function evaluateTargets(res, startup) {
  const t = [];
  const add = (name, value, limit, pass, unit, pairs = []) => {
    const bad = broken(res, pairs);
    const verdict = value === null ? 'not measured' : bad.length ? `invalid: errors from ${bad.join(', ')}` : pass ? 'pass' : '**FAIL**';
    t.push({ name, value, limit, unit, pass: value === null || bad.length ? null : pass, verdict });
  };
  const ratio = (cell, a, b, field) => pairedRatio(res, cell, a, b, field);
  const SY = 'switchyard';

  const cpuChat = ratio('chat-c64', SY, 'bare proxy', 'cpuUsPerReq');
  add('CPU per non-stream request at c=64 vs bare proxy', cpuChat, '≤ 1.3×', cpuChat <= 1.3, '×', [['chat-c64', SY], ['chat-c64', 'bare proxy']]);
  const rps = ratio('chat-c64', SY, 'portkey', 'rps');
  add('Requests per second at c=64 vs Portkey', rps, '≥ 8×', rps >= 8, '×', [['chat-c64', SY], ['chat-c64', 'portkey']]);
  const added = get(res, 'chat-c1', SY, 'addedP50Ms');
  add('Latency added over direct at c=1, p50', added, '≤ 0.5 ms', added <= 0.5, ' ms', [['chat-c1', SY]]);
  const cpuStream = ratio('stream-c64', SY, 'bare proxy', 'cpuUsPerReq');
  add('Streaming (20 chunks): CPU per request vs bare proxy', cpuStream, '≤ 1.3×', cpuStream <= 1.3, '×', [['stream-c64', SY], ['stream-c64', 'bare proxy']]);
  const RESP = 'switchyard (responses → chat)';
  const BARE_STREAM = 'bare proxy (chat stream)';
  const cpuResp = ratio('responses-c64', RESP, BARE_STREAM, 'cpuUsPerReq');
  add('/v1/responses translation: CPU per request vs bare proxy (chat stream)', cpuResp, '≤ 1.5×', cpuResp <= 1.5, '×', [['responses-c64', RESP], ['responses-c64', BARE_STREAM]]);
  const ONE = 'switchyard, 1 key';
  const TENK = 'switchyard, 10,001 keys';
  const keys = ratio('keys-c64', TENK, ONE, 'cpuUsPerReq');
  const keysPct = keys === null ? null : (keys - 1) * 100;
  add('10,000 keys vs 1: extra CPU per request', keysPct, '< 5 %', keysPct < 5, ' %', [['keys-c64', ONE], ['keys-c64', TENK]]);
  for (const [cell, what] of [['metrics-c64', 'non-stream'], ['metrics-stream-c64', 'streaming']]) {
    const m = ratio(cell, METRICS_ON, METRICS_OFF, 'cpuUsPerReq');
    const pct = m === null ? null : (m - 1) * 100;
    add(`Metrics on vs off, ${what}: extra CPU per request`, pct, '≤ 3 %', pct <= 3, ' %', [[cell, METRICS_ON], [cell, METRICS_OFF]]);
  }
  const rpm = ratio('shared-rpm-c64', PG_RPM, PG_PLAIN, 'cpuUsPerReq');
  const rpmPct = rpm === null ? null : (rpm - 1) * 100;
  add('Shared rate limit (PostgreSQL) vs none: extra CPU per request', rpmPct, '< 5 %', rpmPct < 5, ' %', [['shared-rpm-c64', PG_RPM], ['shared-rpm-c64', PG_PLAIN]]);
  const combo = get(res, 'fallback-c1', SY_FALLBACK, 'p50Ms');
  const plain = get(res, 'fallback-c1', SY_PLAIN, 'p50Ms');
  const failed = get(res, 'fallback-c1', FAILED, 'p50Ms');
  const tried = get(res, 'fallback-c1', SY_FALLBACK, 'failedAttemptsPerReq');
  const fb = combo === null || plain === null || failed === null ? null : combo - plain - failed;
  const pairs = [['fallback-c1', SY_FALLBACK], ['fallback-c1', SY_PLAIN]];
  if (tried !== null && tried < 0.99) t.push({ name: 'Fallback after a 500', value: fb, limit: '≤ 1 ms', unit: ' ms', pass: null, verdict: `invalid: only ${tried.toFixed(2)} failed attempts per request` });
  else add('Fallback after a 500: p50 added beyond the failed attempt', fb, '≤ 1 ms', fb <= 1, ' ms', pairs);
  // The big-body matrix (#19): each API passed through, 1 MB at c=8, against the bare proxy forwarding the same
  // body to the same upstream API; the translated runs against the bare proxy on chat and Portkey on chat.
  const M8 = matrixCellId('1m', false, 8);
  for (const api of MATRIX_APIS) {
    const [sy, bare] = [matrixLabel(SY, api), matrixLabel('bare proxy', api)];
    const cpu = ratio(M8, sy, bare, 'cpuUsPerReq');
    add(`1 MB ${api} passed through at c=8: CPU per request vs bare proxy (${api})`, cpu, '≤ 1.4×', cpu <= 1.4, '×', [[M8, sy], [M8, bare]]);
  }
  for (const api of MATRIX_APIS) {
    const [sy, bare] = [matrixLabel(SY, api), matrixLabel('bare proxy', api)];
    const rss = ratio(M8, sy, bare, 'peakRssMB');
    add(`1 MB ${api} passed through at c=8: peak RSS vs bare proxy (${api})`, rss, '≤ 1.3×', rss <= 1.3, '×', [[M8, sy], [M8, bare]]);
  }
  for (const api of ['responses', 'messages']) {
    const [bare, pk] = [matrixLabel('bare proxy', 'chat'), matrixLabel('portkey', 'chat')];
    const vsBare = ratio(M8, TRANSLATED[api], bare, 'cpuUsPerReq');
    add(`1 MB ${api} → chat at c=8: CPU per request vs bare proxy (chat)`, vsBare, '≤ 2.5×', vsBare <= 2.5, '×', [[M8, TRANSLATED[api]], [M8, bare]]);
    const vsPk = ratio(M8, TRANSLATED[api], pk, 'cpuUsPerReq');
    add(`1 MB ${api} → chat at c=8: CPU per request vs Portkey (chat)`, vsPk, '≤ 0.3×', vsPk <= 0.3, '×', [[M8, TRANSLATED[api]], [M8, pk]]);
  }
  const T1 = matrixCellId('300k', true, 1);
  for (const api of MATRIX_APIS) {
    const [sy, bare] = [matrixLabel(SY, api), matrixLabel('bare proxy', api)];
    const ttfb = pairedOf(res[T1]?.runs?.[sy], res[T1]?.runs?.[bare], 'ttfbP50Ms', sub);
    add(`300 KB ${api} streamed at c=1: time to first byte added over bare proxy (${api}), p50`, ttfb, '≤ 1 ms', ttfb <= 1, ' ms', [[T1, sy], [T1, bare]]);
  }
  const idle = startup?.idleRssMB ?? null;
  add('Idle RSS', idle, '≤ 70 MB', idle <= 70, ' MB');
  const start = startup ? Math.max(startup.firstStartMs, startup.restartMs) : null;
  add('Start to healthy (worse of first start and restart)', start, '≤ 500 ms', start <= 500, ' ms');
  return t;
}

const f = (v, d = 1) => (v === null || v === undefined ? '—' : Number(v).toFixed(d));
const fr = (v) => (v === null || v === undefined ? '—' : Math.round(v).toLocaleString('en-US'));

function cellTable(cell) {
  const sse = cell.ttfb === true;
  const head = sse
    ? ['Target', 'RPS', 'TTFB p50 ms', 'TTFB p99 ms', '+TTFB p50', 'total p50 ms', 'total p99 ms', 'CPU µs/req', 'peak RSS MB', 'non-2xx']
    : ['Target', 'RPS', 'p50 ms', 'p99 ms', '+p50 over direct', 'CPU µs/req', 'peak RSS MB', 'non-2xx'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i ? '---:' : '---')).join('|')}|`];
  for (const [label, m] of Object.entries(cell.runs)) {
    const notes = [];
    if (m.failedAttemptsPerReq) notes.push(`${f(m.failedAttemptsPerReq, 2)} failed upstream calls/req`);
    if (m.target !== 'direct' && m.upstreamConnsPerReq > 0.01) notes.push(`${f(m.upstreamConnsPerReq, 2)} new upstream connections/req`);
    const fails = notes.length ? ` (${notes.join('; ')})` : '';
    const cpu = m.target === 'direct' ? `(mock ${fr(m.cpuUsPerReq)})` : fr(m.cpuUsPerReq);
    const row = sse
      ? [label, fr(m.rps), f(m.ttfbP50Ms, 2), f(m.ttfbP99Ms, 2), f(m.addedTtfbP50Ms, 2), f(m.p50Ms, 2), f(m.p99Ms, 2), cpu, f(m.peakRssMB), m.non2xx]
      : [label + fails, fr(m.rps), f(m.p50Ms, 2), f(m.p99Ms, 2), f(m.addedP50Ms, 2), cpu, f(m.peakRssMB), m.non2xx];
    lines.push(`| ${row.join(' | ')} |`);
  }
  return lines.join('\n');
}

/**
 * A matrix cell (#19): each run beside the bare-proxy run that forwards the same body to the same upstream API
 * (translated runs: the bare proxy on chat). Ratios and differences are medians of per-round ones.
 */
function matrixTable(cell) {
  const c1 = cell.concurrency === 1;
  const head = ['Run', 'RPS', 'p50 ms', 'p99 ms', '+p50 ms', '+p99 ms', ...(c1 ? ['TTFB p50 ms', '+TTFB p50 ms'] : []), 'CPU µs/req', 'CPU × bare', 'peak RSS MB', 'RSS × bare', 'non-2xx'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i ? '---:' : '---')).join('|')}|`];
  for (const [label, m] of Object.entries(cell.runs)) {
    const ref = m.ref && m.ref !== label ? cell.runs[m.ref] : null;
    const d = (field) => (ref ? f(pairedOf(m, ref, field, sub), 2) : '—');
    const x = (field) => (ref ? f(pairedOf(m, ref, field, div), 2) : '—');
    const notes = [];
    if (misrouted(m)) notes.push(`**only ${f(m.upstreamApiPerReq, 2)} calls/req reached the mock's ${m.upstreamCounter}**`);
    if (m.upstreamConnsPerReq > 0.01) notes.push(`${f(m.upstreamConnsPerReq, 2)} new upstream connections/req`);
    const name = label + (notes.length ? ` (${notes.join('; ')})` : '');
    const ttfb = c1 ? [f(m.ttfbP50Ms, 2), d('ttfbP50Ms')] : [];
    lines.push(`| ${[name, fr(m.rps), f(m.p50Ms, 2), f(m.p99Ms, 2), d('p50Ms'), d('p99Ms'), ...ttfb, fr(m.cpuUsPerReq), x('cpuUsPerReq'), f(m.peakRssMB), x('peakRssMB'), m.non2xx].join(' | ')} |`);
  }
  lines.push('', '+p50/+p99/+TTFB and × bare: against the bare proxy forwarding the same body to the same upstream API (for → chat runs: the bare proxy on chat), median of per-round differences and ratios.');
  return lines.join('\n');
}

export function renderMarkdown({ meta, results, targets, startup, idle }) {
  const duties = dutiesContext(results);
  const out = [
    '# Switchyard benchmark results',
    '',
    `${meta.date} · ${meta.mode} run · commit \`${meta.commit}\` · Node ${meta.node} · ${meta.cpus} × ${meta.cpuModel} · load average at start ${meta.loadavg}${meta.stealPct === undefined ? '' : ` · CPU time stolen by the host while measuring ${meta.stealPct} %`}`,
    `${meta.rounds} interleaved round(s) of ${meta.seconds} s per run after warm-up; every figure is the median over rounds. How to read this: [bench/README.md](../README.md).`,
    '',
    '## Targets (issues 5 and 19)',
    '',
    '| Target | Measured | Limit | Verdict |',
    '|---|---:|---:|---|',
    ...targets.map((t) => `| ${t.name} | ${t.value === null ? '—' : f(t.value, 2) + t.unit} | ${t.limit} | ${t.verdict} |`),
    '',
    ...(duties.length ? ['## What the duties of a gateway cost (CPU per request, median of per-round ratios)', '', ...duties, ''] : []),
    '## Start and idle memory',
    '',
    `- Switchyard start to healthy: first start ${f(startup?.firstStartMs, 0)} ms (creates the database and hashes the password; median of ${startup?.firstSamplesMs?.length ?? 1}: ${(startup?.firstSamplesMs ?? []).map((v) => f(v, 0)).join(', ')}), restart ${f(startup?.restartMs, 0)} ms (median of ${startup?.restartSamplesMs?.length ?? 0}: ${(startup?.restartSamplesMs ?? []).map((v) => f(v, 0)).join(', ')}).`,
    `- Idle RSS after start: ${Object.entries(idle)
      .map(([k, v]) => `${k} ${f(v)} MB`)
      .join(', ')}; Switchyard after a restart, 2 s idle: ${f(startup?.idleRssMB)} MB.`,
    '',
  ];
  for (const cell of Object.values(results)) out.push(`## ${cell.title}`, '', cell.matrix ? matrixTable(cell) : cellTable(cell), '');
  return out.join('\n');
}

const gapRow = (name, w) =>
  `| ${name} | ${fr(w.gaps?.count)} | ${f(w.gaps?.p50Ms, 2)} | ${f(w.gaps?.p99Ms, 2)} | ${f(w.gaps?.maxMs, 2)} | ${f(w.clientLoopLag?.p99Ms, 1)} / ${f(w.clientLoopLag?.maxMs, 1)} | ${w.health?.count ? `${fr(w.health.count)}: ${f(w.health.p50Ms, 2)} / ${f(w.health.p99Ms, 2)} / ${f(w.health.maxMs, 2)}` : '—'} |`;

/** What the 1 MB posts added to a run's gaps: p99 and max, loaded minus alone. */
export function gapsAdded(r) {
  const d = (field) => (r.loaded.gaps[field] === null || r.alone.gaps[field] === null ? null : r.loaded.gaps[field] - r.alone.gaps[field]);
  return { p99Ms: d('p99Ms'), maxMs: d('maxMs') };
}

/** Least-squares slope of a series over its index (MB per round for settled RSS). */
function trend(ys) {
  const n = ys.length;
  if (n < 2) return null;
  const mx = (n - 1) / 2;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  ys.forEach((y, x) => ((num += (x - mx) * (y - my)), (den += (x - mx) ** 2)));
  return num / den;
}

/** Markdown for the cells measured once (stream gaps, memory rounds). */
export function renderSpecial(special) {
  const out = [];
  for (const [id, r] of Object.entries(special ?? {})) {
    out.push(`## ${r.cell.title}`, '');
    if (id === 'stream-gaps') {
      out.push(
        '| Target, window | gaps | gap p50 ms | gap p99 ms | gap max ms | client loop lag p99 / max ms | /api/health n: p50 / p99 / max ms |',
        '|---|---:|---:|---:|---:|---:|---:|',
      );
      const added = [];
      for (const [label, m] of Object.entries(r.runs)) {
        out.push(gapRow(`${label}, streams alone`, m.alone));
        out.push(gapRow(`${label}, beside ${r.cell.posters} clients posting 1 MB (${fr(m.posts.requests)} posts, ${m.posts.non2xx} failed)`, m.loaded));
        const a = gapsAdded(m);
        added.push(`${label} +${f(a.p99Ms, 2)} ms p99, +${f(a.maxMs, 2)} ms max`);
      }
      const errors = Object.entries(r.runs).map(([label, m]) => `${label} ${m.alone.errors} alone, ${m.loaded.errors} loaded`);
      out.push(
        '',
        `Added by the posts (loaded − alone): ${added.join('; ')}. Stream errors: ${errors.join('; ')}.`,
        'The upstream sends a chunk every 20 ms, so a gap is 20 ms plus what the path adds. The client loop lag is the timing client\'s own event-loop delay: a late read while it is high is the client\'s, not the gateway\'s.',
        '',
      );
      continue;
    }
    out.push(
      '| Target | peak RSS MB (max of rounds) | sampled peak MB | settled RSS MB, first round | settled RSS MB, last round | growth | trend MB/round | requests | errors |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    );
    for (const [target, m] of Object.entries(r.runs)) {
      const first = m.settledMB[0];
      const last = m.settledMB.at(-1);
      const peak = `${f(Math.max(...m.peakMB))}${m.peakFromHwm === false ? ' (sampled: VmHWM reset not allowed)' : ''}`;
      out.push(`| ${target} | ${peak} | ${f(Math.max(...(m.sampledPeakMB ?? [null])))} | ${f(first)} | ${f(last)} | ${f(((last - first) / first) * 100)} % | ${f(trend(m.settledMB), 2)} | ${fr(m.requests)} | ${m.non2xx} |`);
    }
    const rounds = Object.values(r.runs)[0]?.settledMB.length ?? 0;
    const perRound = Object.entries(r.runs).map(([target, m]) => `${target}: ${m.settledMB.map((v) => f(v, 0)).join(', ')}`);
    out.push(
      '',
      `${rounds} rounds; settled RSS MB after each round, ${perRound.join('; ')}.`,
      'Settled RSS is what the last collection left: it stays flat through 10 s of idle (measured), so single rounds swing by tens of MB. The trend (least-squares slope over the rounds) is the leak signal; the bare proxy shows the noise.',
      '',
    );
  }
  return out.length ? `\n${out.join('\n')}` : '';
}

/** The #19 targets of the cells measured once. */
export function evaluateSpecial(special) {
  const t = [];
  const add = (name, value, limit, pass, unit, invalid) => {
    const verdict = value === null ? 'not measured' : invalid ? `invalid: ${invalid}` : pass ? 'pass' : '**FAIL**';
    t.push({ name, value, limit, unit, pass: value === null || invalid ? null : pass, verdict });
  };
  const g = special?.['stream-gaps']?.runs?.switchyard;
  if (g) {
    const errors = g.alone.errors + g.loaded.errors;
    const bad = errors > 0 ? `${errors} stream errors` : g.posts.non2xx > 0 ? `${g.posts.non2xx} failed posts` : null;
    const added = gapsAdded(g);
    add('Streams beside 1 MB posts: p99 inter-chunk gap added', added.p99Ms, '≤ 5 ms', added.p99Ms <= 5, ' ms', bad);
    add('Streams beside 1 MB posts: max inter-chunk gap added', added.maxMs, '≤ 20 ms', added.maxMs <= 20, ' ms', bad);
    const health = g.loaded.health.count ? g.loaded.health.p99Ms : null;
    add('/api/health p99 during the 1 MB posts', health, '≤ 10 ms', health <= 10, ' ms', bad);
  }
  const m = special?.['memory-32x1m']?.runs?.switchyard;
  if (m) {
    const bad = m.non2xx > 0 ? `${m.non2xx} failed requests` : null;
    const peak = Math.max(...m.peakMB);
    const growth = ((m.settledMB.at(-1) - m.settledMB[0]) / m.settledMB[0]) * 100;
    add('32 × 1 MB in flight: peak RSS', peak, '≤ 250 MB', peak <= 250, ' MB', bad);
    add(`RSS after ${m.settledMB.length} rounds vs after the first`, growth, '≤ 10 %', growth <= 10, ' %', bad);
  }
  return t;
}

import type { UsageRecord } from '../../../core/index.js';
import type { RunContext } from '../../command-spec.js';
import { formatTime, formatUsd, renderTable, type Column } from '../../output.js';
import { optString, parseNumberFlag } from '../../parse.js';

const POLL_MS = 2000;
/** How far back each poll looks for rows written late (long streams are recorded when they end). */
const LOOKBACK_MS = 5 * 60_000;

const COLUMNS: Column<UsageRecord>[] = [
  { header: 'TIME', value: (r) => formatTime(r.ts) },
  { header: 'STATUS', value: (r) => r.status, align: 'right' },
  { header: 'MODEL', value: (r) => r.combo ?? (r.provider && r.model ? `${r.provider}/${r.model}` : r.model) },
  { header: 'VIA', value: (r) => (r.combo && r.provider ? `${r.provider}/${r.model}` : null) },
  { header: 'IN', value: (r) => r.inputTokens, align: 'right' },
  { header: 'OUT', value: (r) => r.outputTokens, align: 'right' },
  { header: 'COST', value: (r) => formatUsd(r.costUsd), align: 'right' },
  { header: 'MS', value: (r) => r.latencyMs, align: 'right' },
  { header: 'ERROR', value: (r) => r.errorCode },
  { header: 'REQUEST', value: (r) => r.requestId },
];

export async function run(ctx: RunContext): Promise<void> {
  const limit = parseNumberFlag(optString(ctx.opts, 'limit'), '--limit', { integer: true }) ?? 50;
  const client = ctx.client();
  const { records } = await client.get<{ records: UsageRecord[] }>('/api/logs', { query: { limit } });
  const follow = ctx.opts.follow === true;
  if (ctx.out.json && !follow) return ctx.out.data(records);
  let headerShown = false;
  const print = (rows: UsageRecord[]): void => {
    if (ctx.out.json) return rows.forEach((r) => ctx.out.line(JSON.stringify(r)));
    if (!rows.length) return;
    const text = renderTable(rows, COLUMNS).split('\n');
    ctx.out.line((headerShown ? text.slice(1) : text).join('\n'));
    headerShown = true;
  };
  if (!follow) {
    if (!records.length) return ctx.out.line('No requests recorded yet.');
    return print(records);
  }
  // Following: oldest first, then only what is new. Usage rows are written in
  // batches and stamped with the request's start, so one can arrive after a
  // newer one: each poll looks back LOOKBACK_MS and skips request ids it printed.
  // Everything of the look-back window counts as seen; the newest `limit` of it is shown.
  let high = Math.max(Date.now(), ...records.map((r) => r.ts));
  const window = await client.get<{ records: UsageRecord[] }>('/api/logs', { query: { limit: 1000, after: high - LOOKBACK_MS } });
  const seen = new Map([...window.records, ...records].map((r) => [r.requestId, r.ts]));
  const shown = new Map([...records, ...window.records].map((r) => [r.requestId, r]));
  print([...shown.values()].sort((a, b) => b.ts - a.ts).slice(0, limit).reverse());
  for (;;) {
    await new Promise((r) => setTimeout(r, POLL_MS));
    const res = await client.get<{ records: UsageRecord[] }>('/api/logs', { query: { limit: 1000, after: Math.max(0, high - LOOKBACK_MS) } });
    const fresh = res.records.filter((r) => !seen.has(r.requestId)).sort((a, b) => a.ts - b.ts);
    print(fresh);
    for (const r of fresh) {
      seen.set(r.requestId, r.ts);
      high = Math.max(high, r.ts);
    }
    for (const [id, ts] of seen) if (ts < high - 2 * LOOKBACK_MS) seen.delete(id);
  }
}

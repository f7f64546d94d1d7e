import type { UsageRecord } from '../../../core/index.js';
import type { RunContext } from '../../command-spec.js';
import { formatTime, formatUsd, renderTable, type Column } from '../../output.js';
import { optString, parseNumberFlag } from '../../parse.js';

const POLL_MS = 2000;

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
  const print = (rows: UsageRecord[], header: boolean): void => {
    if (ctx.out.json) return rows.forEach((r) => ctx.out.line(JSON.stringify(r)));
    if (!rows.length) return;
    const text = renderTable(rows, COLUMNS).split('\n');
    ctx.out.line((header ? text : text.slice(1)).join('\n'));
  };
  if (!follow) {
    if (!records.length) return ctx.out.line('No requests recorded yet.');
    return print(records, true);
  }
  // Following: oldest first, then only what is new. Records sharing the last
  // timestamp are asked for again and deduplicated by request id.
  print([...records].reverse(), true);
  let last = records[0]?.ts ?? Date.now() - 1;
  let seen = new Set(records.filter((r) => r.ts === last).map((r) => r.requestId));
  for (;;) {
    await new Promise((r) => setTimeout(r, POLL_MS));
    const res = await client.get<{ records: UsageRecord[] }>('/api/logs', { query: { limit: 1000, after: last - 1 } });
    const fresh = res.records.filter((r) => !seen.has(r.requestId)).reverse();
    print(fresh, false);
    const newest = res.records[0];
    if (newest && newest.ts > last) {
      last = newest.ts;
      seen = new Set();
    }
    for (const r of res.records) if (r.ts === last) seen.add(r.requestId);
  }
}

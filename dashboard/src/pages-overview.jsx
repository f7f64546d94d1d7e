import { useState } from 'preact/hooks';
import { api } from './api.js';
import { Chart, bucket } from './chart.jsx';
import { num, usd, ms, percentile } from './format.js';
import { State, useLoad } from './ui.jsx';

const RANGES = { '1h': 3_600_000, '24h': 86_400_000, '7d': 604_800_000 };

function top(records, key) {
  const m = new Map();
  for (const r of records) m.set(r[key] ?? '—', (m.get(r[key] ?? '—') ?? 0) + 1);
  return [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5);
}

export function Overview() {
  const [range, setRange] = useState('24h');
  const since = Date.now() - RANGES[range];
  const s = useLoad(async () => {
    const [logs, status] = await Promise.all([api(`/api/logs?limit=1000&after=${since}`), api('/api/providers/status').catch(() => null)]);
    return { records: logs.records, status };
  }, [range], 5000);
  const records = s.data?.records ?? [];
  const errors = records.filter((r) => r.status >= 400).length;
  const lat = records.map((r) => r.latencyMs);
  const req = bucket(records, since, 24, () => 1);
  const err = bucket(records, since, 24, (r) => (r.status >= 400 ? 1 : 0));
  const tok = bucket(records, since, 24, (r) => r.inputTokens + r.outputTokens);
  const cost = bucket(records, since, 24, (r) => r.costUsd);
  const cooling = (s.data?.status?.providers ?? []).filter((p) => p.cooldownUntil || p.state === 'cooldown');
  return (
    <section>
      <h2>Overview</h2>
      <div class="toolbar" role="group" aria-label="Range">
        {Object.keys(RANGES).map((r) => (
          <button type="button" aria-pressed={r === range} onClick={() => setRange(r)}>{r}</button>
        ))}
      </div>
      <State s={s} empty={false}>
        <dl class="stats">
          <div><dt>Requests</dt><dd data-testid="stat-requests">{num(records.length)}</dd></div>
          <div><dt>Errors</dt><dd data-testid="stat-errors">{num(errors)}</dd></div>
          <div><dt>p50 latency</dt><dd>{ms(percentile(lat, 50))}</dd></div>
          <div><dt>p95 latency</dt><dd>{ms(percentile(lat, 95))}</dd></div>
          <div><dt>Tokens</dt><dd>{num(records.reduce((a, r) => a + r.inputTokens + r.outputTokens, 0))}</dd></div>
          <div><dt>Cost</dt><dd>{usd(records.reduce((a, r) => a + r.costUsd, 0))}</dd></div>
        </dl>
        {records.length === 0 ? (
          <p class="state empty">No requests in this range yet.</p>
        ) : (
          <div class="charts">
            <Chart title="Requests and errors" x={req.x} series={[{ label: 'requests', values: req.y }, { label: 'errors', values: err.y }]} />
            <Chart title="Tokens" x={tok.x} series={[{ label: 'tokens', values: tok.y }]} />
            <Chart title="Cost (USD)" x={cost.x} series={[{ label: 'cost', values: cost.y }]} />
          </div>
        )}
        <div class="cols">
          <div><h3>Top models</h3><ul>{top(records, 'model').map(([k, v]) => <li>{k}: {num(v)}</li>)}</ul></div>
          <div><h3>Top keys</h3><ul>{top(records, 'keyId').map(([k, v]) => <li>{k}: {num(v)}</li>)}</ul></div>
          <div><h3>Providers in cooldown</h3>{cooling.length ? <ul>{cooling.map((p) => <li>{p.name ?? p.id}</li>)}</ul> : <p class="empty">None</p>}</div>
        </div>
      </State>
    </section>
  );
}

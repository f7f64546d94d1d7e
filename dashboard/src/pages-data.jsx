import { useEffect, useState } from 'preact/hooks';
import { api } from './api.js';
import { Chart } from './chart.jsx';
import { ms, num, usd, when } from './format.js';
import { State, useLoad } from './ui.jsx';

const PAGE = 20;

function csv(rows, cols) {
  const esc = (v) => `"${String(v ?? '').replace(/"/g, '""')}"`;
  return [cols.join(','), ...rows.map((r) => cols.map((c) => esc(r[c])).join(','))].join('\n');
}

function download(name, text) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

export function Usage() {
  const [by, setBy] = useState('model');
  const [since, setSince] = useState('7d');
  const [page, setPage] = useState(0);
  const s = useLoad(() => Promise.all([api(`/api/usage?by=${by}&since=${since}`), api(`/api/cost?since=${since}`)]), [by, since]);
  const groups = s.data?.[0].groups ?? [];
  const days = s.data?.[1].byDay ?? [];
  const label = (g) => g.name ?? g.group ?? '—';
  const rows = groups.map((g) => ({ group: label(g), requests: g.requests, errors: g.errors, inputTokens: g.inputTokens, outputTokens: g.outputTokens, costUsd: g.costUsd }));
  return (
    <section>
      <h2>Usage and cost</h2>
      <div class="toolbar">
        <label for="u-by">By</label>
        <select id="u-by" value={by} onChange={(e) => { setBy(e.currentTarget.value); setPage(0); }}>
          <option value="model">model</option><option value="key">key</option><option value="provider">provider</option>
        </select>
        <label for="u-since">Range</label>
        <select id="u-since" value={since} onChange={(e) => setSince(e.currentTarget.value)}>
          <option value="1h">1 h</option><option value="24h">24 h</option><option value="7d">7 d</option><option value="30d">30 d</option>
        </select>
        <button type="button" disabled={!rows.length} onClick={() => download(`usage-by-${by}-${since}.csv`, csv(rows, Object.keys(rows[0])))}>Export CSV</button>
      </div>
      <State s={s} empty={groups.length === 0} emptyText="No usage in this range.">
        <div class="charts">
          <Chart title={`Requests by ${by}`} x={groups.map((_, i) => i)} series={[{ label: 'requests', values: groups.map((g) => g.requests) }]} />
          {days.length > 0 && <Chart title="Cost per day (USD)" x={days.map((d) => Date.parse(d.group) / 1000)} series={[{ label: 'cost', values: days.map((d) => d.costUsd) }]} />}
        </div>
        <table>
          <thead><tr><th>{by}</th><th>Requests</th><th>Errors</th><th>Input tokens</th><th>Output tokens</th><th>Cost</th></tr></thead>
          <tbody>{rows.slice(page * PAGE, page * PAGE + PAGE).map((r) => <tr><td>{r.group}</td><td>{num(r.requests)}</td><td>{num(r.errors)}</td><td>{num(r.inputTokens)}</td><td>{num(r.outputTokens)}</td><td>{usd(r.costUsd)}</td></tr>)}</tbody>
        </table>
        <div class="pager">
          <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)}>Previous</button>
          <span>Page {page + 1} of {Math.max(1, Math.ceil(rows.length / PAGE))}</span>
          <button type="button" disabled={(page + 1) * PAGE >= rows.length} onClick={() => setPage(page + 1)}>Next</button>
        </div>
      </State>
    </section>
  );
}

/** Filters run on the server (GET /api/logs and the live tail take the same ones). */
function logQuery(f) {
  const q = new URLSearchParams();
  for (const k of ['status', 'model', 'key']) if (f[k]) q.set(k, f[k]);
  return q.toString();
}

/** As a client addresses it: `provider/model`, after the combo's name when it came through one. */
const addr = (r) => {
  const model = r.provider && r.model ? `${r.provider}/${r.model}` : (r.model ?? '—');
  return r.combo ? `${r.combo} → ${model}` : model;
};

export function Logs() {
  const [f, setF] = useState({ status: '', model: '', key: '' });
  const [draft, setDraft] = useState(f);
  const query = logQuery(f);
  const s = useLoad(() => api(`/api/logs?limit=200${query ? `&${query}` : ''}`), [query]);
  const keys = useLoad(() => api('/api/keys').catch(() => ({ keys: [] })));
  const [live, setLive] = useState([]);
  const [tail, setTail] = useState(false);
  useEffect(() => {
    setLive([]);
    if (!tail) return undefined;
    const es = new EventSource(`/api/logs/stream${query ? `?${query}` : ''}`);
    es.addEventListener('record', (e) => setLive((l) => [JSON.parse(e.data), ...l].slice(0, 500)));
    return () => es.close();
  }, [tail, query]);
  const seen = new Set(live.map((r) => r.requestId));
  const records = [...live, ...(s.data?.records ?? []).filter((r) => !seen.has(r.requestId))];
  const keyName = new Map((keys.data?.keys ?? []).map((k) => [k.id, k.name]));
  const set = (k) => (e) => setDraft({ ...draft, [k]: e.currentTarget.value });
  const apply = (e) => {
    e.preventDefault();
    setF({ ...draft, model: draft.model.trim() });
  };
  return (
    <section>
      <h2>Logs</h2>
      <form class="toolbar" onSubmit={apply} aria-label="Filters">
        <label for="l-status">Status</label>
        <select id="l-status" value={draft.status} onChange={set('status')}><option value="">all</option><option value="ok">ok</option><option value="error">errors</option></select>
        <label for="l-model">Model or combo</label><input id="l-model" value={draft.model} onInput={set('model')} placeholder="provider/model" />
        <label for="l-key">Key</label>
        <select id="l-key" value={draft.key} onChange={set('key')}>
          <option value="">all</option>
          {(keys.data?.keys ?? []).map((k) => <option value={k.id}>{k.name} ({k.prefix})</option>)}
        </select>
        <button type="submit">Filter</button>
        <label><input type="checkbox" checked={tail} onChange={() => setTail(!tail)} /> Live tail</label>
      </form>
      <State s={s} empty={records.length === 0} emptyText={query ? 'No requests match these filters.' : 'No requests logged.'}>
        <table>
          <thead><tr><th>Time</th><th>Status</th><th>Model</th><th>Provider</th><th>Key</th><th>Tokens</th><th>Latency</th><th>Cost</th></tr></thead>
          <tbody>{records.map((r) => <tr data-request={r.requestId}><td>{when(r.ts)}</td><td>{r.status}</td><td>{addr(r)}</td><td>{r.provider}</td><td>{keyName.get(r.keyId) ?? r.keyId}</td><td>{num(r.inputTokens + r.outputTokens)}</td><td>{ms(r.latencyMs)}</td><td>{usd(r.costUsd)}</td></tr>)}</tbody>
        </table>
      </State>
    </section>
  );
}

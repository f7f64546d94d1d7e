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

export function Logs() {
  const s = useLoad(() => api('/api/logs?limit=200'));
  const [live, setLive] = useState([]);
  const [tail, setTail] = useState(false);
  const [f, setF] = useState({ status: '', model: '', key: '' });
  useEffect(() => {
    if (!tail) return undefined;
    const es = new EventSource('/api/logs/stream');
    es.addEventListener('record', (e) => setLive((l) => [JSON.parse(e.data), ...l].slice(0, 500)));
    return () => es.close();
  }, [tail]);
  const records = [...live, ...(s.data?.records ?? [])].filter(
    (r) =>
      (!f.status || (f.status === 'error' ? r.status >= 400 : r.status < 400)) &&
      (!f.model || (r.model ?? '').includes(f.model)) &&
      (!f.key || (r.keyId ?? '').includes(f.key)),
  );
  const set = (k) => (e) => setF({ ...f, [k]: e.currentTarget.value });
  return (
    <section>
      <h2>Logs</h2>
      <div class="toolbar">
        <label for="l-status">Status</label>
        <select id="l-status" value={f.status} onChange={set('status')}><option value="">all</option><option value="ok">ok</option><option value="error">errors</option></select>
        <label for="l-model">Model</label><input id="l-model" value={f.model} onInput={set('model')} />
        <label for="l-key">Key</label><input id="l-key" value={f.key} onInput={set('key')} />
        <label><input type="checkbox" checked={tail} onChange={() => setTail(!tail)} /> Live tail</label>
      </div>
      <State s={s} empty={records.length === 0} emptyText="No requests logged.">
        <table>
          <thead><tr><th>Time</th><th>Status</th><th>Model</th><th>Provider</th><th>Key</th><th>Tokens</th><th>Latency</th><th>Cost</th></tr></thead>
          <tbody>{records.map((r) => <tr><td>{when(r.ts)}</td><td>{r.status}</td><td>{r.model}</td><td>{r.provider}</td><td>{r.keyId}</td><td>{num(r.inputTokens + r.outputTokens)}</td><td>{ms(r.latencyMs)}</td><td>{usd(r.costUsd)}</td></tr>)}</tbody>
        </table>
      </State>
    </section>
  );
}

export function Models() {
  const s = useLoad(() => Promise.all([api('/api/models'), api('/api/combos')]));
  const models = s.data?.[0].data ?? s.data?.[0].models ?? [];
  const combos = s.data?.[1].combos ?? [];
  return (
    <section>
      <h2>Models and combos</h2>
      <State s={s} empty={models.length === 0 && combos.length === 0} emptyText="No models yet: add a provider.">
        <h3>Models</h3>
        <ul>{models.map((m) => <li>{m.id}</li>)}</ul>
        <h3>Combos</h3>
        {combos.length === 0 ? <p class="state empty">No combos.</p> : (
          <table>
            <thead><tr><th>Name</th><th>Strategy</th><th>Targets</th></tr></thead>
            <tbody>{combos.map((c) => <tr><td>{c.name}</td><td>{c.strategy}</td><td>{c.targets.map((t) => t.model).join(' → ')}</td></tr>)}</tbody>
          </table>
        )}
      </State>
    </section>
  );
}

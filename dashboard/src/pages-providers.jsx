import { useState } from 'preact/hooks';
import { api, isAdmin, canWrite } from './api.js';
import { ProviderEdit } from './provider-edit.jsx';
import { Err, State, useLoad } from './ui.jsx';

export function Providers() {
  const s = useLoad(async () => {
    const [p, st] = await Promise.all([api('/api/providers'), api('/api/providers/status').catch(() => null)]);
    return { providers: p.providers, status: st };
  }, [], 10000);
  const [form, setForm] = useState({ preset: '', name: '', baseUrl: '', apiKey: '', models: '' });
  const [error, setError] = useState(null);
  const [result, setResult] = useState({});
  const [editing, setEditing] = useState(null);
  const presets = useLoad(() => api('/api/presets').then((r) => r.presets, () => []));
  const preset = (presets.data ?? []).find((p) => p.name === form.preset);
  const set = (k) => (e) => setForm({ ...form, [k]: e.currentTarget.value });
  const add = async (e) => {
    e.preventDefault();
    setError(null);
    const body = {};
    for (const k of ['preset', 'name', 'baseUrl', 'apiKey']) if (form[k]) body[k] = form[k];
    if (form.models) body.models = form.models.split(',').map((m) => m.trim()).filter(Boolean);
    try {
      await api('/api/providers', { method: 'POST', body });
      setForm({ preset: '', name: '', baseUrl: '', apiKey: '', models: '' });
      s.reload();
    } catch (err) {
      setError(err);
    }
  };
  const act = async (p, what) => {
    setError(null);
    try {
      if (what === 'test') {
        const r = await api(`/api/providers/${p.id}/test`, { method: 'POST' });
        setResult({ ...result, [p.id]: r.ok ? `OK${r.latencyMs != null ? ` (${r.latencyMs} ms)` : ''}` : `Failed: ${r.message}` });
      } else if (what === 'toggle') {
        await api(`/api/providers/${p.id}`, { method: 'PATCH', body: { enabled: !p.enabled } });
      } else if (what === 'delete') {
        if (!confirm(`Delete provider ${p.name}?`)) return;
        await api(`/api/providers/${p.id}`, { method: 'DELETE' });
      }
      s.reload();
    } catch (err) {
      setError(err);
    }
  };
  const admin = isAdmin();
  const health = (p) => (s.data?.status?.providers ?? []).find((x) => x.id === p.id || x.name === p.name);
  return (
    <section>
      <h2>Providers</h2>
      <form class="inline" onSubmit={add}>
        <label for="p-preset">Preset</label>
        <select id="p-preset" value={form.preset} onChange={set('preset')} disabled={!admin}>
          <option value="">Custom (OpenAI-compatible base URL)</option>
          {(presets.data ?? []).map((p) => <option value={p.name}>{p.label}</option>)}
        </select>
        <label for="p-name">Name</label>
        <input id="p-name" value={form.name} onInput={set('name')} placeholder={preset?.name ?? ''} required={!preset} disabled={!admin} />
        <label for="p-url">Base URL</label>
        <input id="p-url" value={form.baseUrl} onInput={set('baseUrl')} placeholder={preset?.baseUrl ?? 'https://…/v1'} required={!preset} disabled={!admin} />
        <label for="p-key">API key (write-only{preset ? (preset.needsApiKey ? '; needed' : '; not needed') : ''})</label>
        <input id="p-key" type="password" autocomplete="off" value={form.apiKey} onInput={set('apiKey')} disabled={!admin} />
        <label for="p-models">Models (comma-separated)</label>
        <input id="p-models" value={form.models} onInput={set('models')} disabled={!admin} />
        <button type="submit" disabled={!admin}>Add provider</button>
      </form>
      <Err error={error} />
      <State s={s} empty={s.data?.providers.length === 0} emptyText="No providers yet: add one from a preset or a base URL.">
        <table>
          <thead><tr><th>Name</th><th>Base URL</th><th>Health</th><th>Models</th><th>Enabled</th><th /></tr></thead>
          <tbody>
            {(s.data?.providers ?? []).map((p) => (
              <tr data-provider={p.name}>
                <td>{p.name}</td><td>{p.baseUrl}</td><td>{health(p)?.state ?? health(p)?.health ?? '—'}</td>
                <td>{p.models.map((m) => m.id).join(', ') || '—'}</td><td>{p.enabled ? 'yes' : 'no'}</td>
                <td class="actions">
                  <button type="button" disabled={!canWrite()} onClick={() => act(p, 'test')}>Test</button>
                  <button type="button" disabled={!admin} onClick={() => act(p, 'toggle')}>{p.enabled ? 'Disable' : 'Enable'}</button>
                  <button type="button" disabled={!admin} onClick={() => setEditing(p)}>Edit</button>
                  <button type="button" disabled={!admin} onClick={() => act(p, 'delete')}>Delete</button>
                  <span class="result" role="status">{result[p.id]}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {editing && (
          <ProviderEdit
            key={editing.id}
            provider={editing}
            onDone={(changed) => {
              setEditing(null);
              if (changed) s.reload();
            }}
          />
        )}
      </State>
    </section>
  );
}

import { useState } from 'preact/hooks';
import { api } from './api.js';
import { Err } from './ui.jsx';

/**
 * Edit one provider (PATCH with only what changed). The API key is write-only:
 * empty keeps the stored one, a value replaces it, the checkbox removes it.
 * Models that stay keep their prices; new ones get the preset's, if any.
 */
export function ProviderEdit({ provider: p, onDone }) {
  const [form, setForm] = useState({ name: p.name, baseUrl: p.baseUrl, apiKey: '', clearKey: false, models: p.models.map((m) => m.id).join(', ') });
  const [error, setError] = useState(null);
  const set = (k) => (e) => setForm({ ...form, [k]: e.currentTarget.type === 'checkbox' ? e.currentTarget.checked : e.currentTarget.value });
  const save = async (e) => {
    e.preventDefault();
    setError(null);
    const body = {};
    if (form.name !== p.name) body.name = form.name;
    if (form.baseUrl !== p.baseUrl) body.baseUrl = form.baseUrl;
    if (form.clearKey) body.apiKey = null;
    else if (form.apiKey) body.apiKey = form.apiKey;
    const ids = form.models.split(',').map((m) => m.trim()).filter(Boolean);
    if (ids.join(',') !== p.models.map((m) => m.id).join(',')) body.models = ids.map((id) => p.models.find((m) => m.id === id) ?? id);
    if (Object.keys(body).length === 0) return onDone(false);
    try {
      await api(`/api/providers/${p.id}`, { method: 'PATCH', body });
      onDone(true);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form class="edit" onSubmit={save} aria-label={`Edit provider ${p.name}`}>
      <label for="pe-name">Name</label>
      <input id="pe-name" value={form.name} onInput={set('name')} required />
      <label for="pe-url">Base URL</label>
      <input id="pe-url" value={form.baseUrl} onInput={set('baseUrl')} required />
      <label for="pe-key">New API key (empty: keep the current one)</label>
      <input id="pe-key" type="password" autocomplete="off" value={form.apiKey} onInput={set('apiKey')} disabled={form.clearKey} />
      <label><input type="checkbox" checked={form.clearKey} onChange={set('clearKey')} /> Remove the stored key</label>
      <label for="pe-models">Models (comma-separated)</label>
      <input id="pe-models" value={form.models} onInput={set('models')} />
      <div class="toolbar">
        <button type="submit">Save provider</button>
        <button type="button" onClick={() => onDone(false)}>Cancel</button>
      </div>
      <Err error={error} />
    </form>
  );
}

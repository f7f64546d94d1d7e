import { useState } from 'preact/hooks';
import { api, canWrite } from './api.js';
import { usd } from './format.js';
import { Err, State, useLoad } from './ui.jsx';

const STRATEGIES = ['fallback', 'round-robin', 'weighted'];
const blank = () => ({ name: '', strategy: 'fallback', targets: [{ model: '', weight: '' }] });

/** Create (no `editing`) or replace one combo: ordered targets, a strategy, weights for `weighted`. */
function ComboForm({ models, editing, onDone }) {
  const [form, setForm] = useState(() =>
    editing ? { name: editing.name, strategy: editing.strategy, targets: editing.targets.map((t) => ({ model: t.model, weight: t.weight ?? '' })) } : blank(),
  );
  const [error, setError] = useState(null);
  const weighted = form.strategy === 'weighted';
  const setTarget = (i, k) => (e) => setForm({ ...form, targets: form.targets.map((t, j) => (j === i ? { ...t, [k]: e.currentTarget.value } : t)) });
  const move = (i, d) => {
    const t = [...form.targets];
    [t[i], t[i + d]] = [t[i + d], t[i]];
    setForm({ ...form, targets: t });
  };
  const save = async (e) => {
    e.preventDefault();
    setError(null);
    const targets = form.targets.filter((t) => t.model).map((t) => (weighted ? { model: t.model, weight: Number(t.weight) } : t.model));
    try {
      if (editing) await api(`/api/combos/${encodeURIComponent(editing.name)}`, { method: 'PUT', body: { strategy: form.strategy, targets } });
      else await api('/api/combos', { method: 'POST', body: { name: form.name, strategy: form.strategy, targets } });
      onDone(true);
    } catch (err) {
      setError(err);
    }
  };
  const id = editing ? 'ce' : 'cn';
  // A target whose provider dropped the model still shows (and can be replaced).
  const ids = [...new Set([...models.map((m) => m.id), ...form.targets.map((t) => t.model).filter(Boolean)])];
  return (
    <form class="combo-form" onSubmit={save} aria-label={editing ? `Edit combo ${editing.name}` : 'New combo'}>
      <div class="toolbar">
        <label for={`${id}-name`}>Name</label>
        <input id={`${id}-name`} value={form.name} required disabled={!!editing} onInput={(e) => setForm({ ...form, name: e.currentTarget.value })} />
        <label for={`${id}-strategy`}>Strategy</label>
        <select id={`${id}-strategy`} value={form.strategy} onChange={(e) => setForm({ ...form, strategy: e.currentTarget.value })}>
          {STRATEGIES.map((s) => <option value={s}>{s}</option>)}
        </select>
      </div>
      <ol class="targets">
        {form.targets.map((t, i) => (
          <li data-target={i}>
            <label for={`${id}-t${i}`}>Target {i + 1}</label>
            <select id={`${id}-t${i}`} value={t.model} onChange={setTarget(i, 'model')}>
              <option value="">— choose a model —</option>
              {ids.map((m) => <option value={m}>{m}</option>)}
            </select>
            {weighted && (<><label for={`${id}-w${i}`}>Weight</label><input id={`${id}-w${i}`} type="number" min="0.001" step="any" required value={t.weight} onInput={setTarget(i, 'weight')} /></>)}
            <button type="button" aria-label={`Move target ${i + 1} up`} disabled={i === 0} onClick={() => move(i, -1)}>↑</button>
            <button type="button" aria-label={`Move target ${i + 1} down`} disabled={i === form.targets.length - 1} onClick={() => move(i, 1)}>↓</button>
            <button type="button" aria-label={`Remove target ${i + 1}`} disabled={form.targets.length === 1} onClick={() => setForm({ ...form, targets: form.targets.filter((_, j) => j !== i) })}>✕</button>
          </li>
        ))}
      </ol>
      <div class="toolbar">
        <button type="button" onClick={() => setForm({ ...form, targets: [...form.targets, { model: '', weight: '' }] })}>Add target</button>
        <button type="submit">{editing ? 'Save combo' : 'Create combo'}</button>
        {editing && <button type="button" onClick={() => onDone(false)}>Cancel</button>}
      </div>
      <Err error={error} />
    </form>
  );
}

export function Models() {
  const s = useLoad(() => Promise.all([api('/api/models'), api('/api/combos')]));
  const [editing, setEditing] = useState(null);
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState(null);
  const models = (s.data?.[0].models ?? []).filter((m) => m.kind === 'model');
  const combos = s.data?.[1].combos ?? [];
  const done = (changed) => {
    setEditing(null);
    setCreating(false);
    if (changed) s.reload();
  };
  const remove = async (c) => {
    if (!confirm(`Delete combo ${c.name}?`)) return;
    setError(null);
    try {
      await api(`/api/combos/${encodeURIComponent(c.name)}`, { method: 'DELETE' });
      s.reload();
    } catch (err) {
      setError(err);
    }
  };
  const rw = canWrite();
  return (
    <section>
      <h2>Models and combos</h2>
      <State s={s} empty={models.length === 0 && combos.length === 0} emptyText="No models yet: add a provider.">
        <h3>Models</h3>
        <p class="hint">What clients address as <code>model</code>: <code>provider/model</code>, or a combo's name.</p>
        <table>
          <thead><tr><th>Model</th><th>Provider</th><th>Input / 1M</th><th>Output / 1M</th><th>Enabled</th></tr></thead>
          <tbody>{models.map((m) => <tr><td>{m.id}</td><td>{m.provider}</td><td>{m.price ? usd(m.price.input) : '—'}</td><td>{m.price ? usd(m.price.output) : '—'}</td><td>{m.enabled ? 'yes' : 'no'}</td></tr>)}</tbody>
        </table>
        <h3>Combos</h3>
        {combos.length === 0 ? <p class="state empty">No combos: a combo tries its targets in order (or spreads requests over them).</p> : (
          <table>
            <thead><tr><th>Name</th><th>Strategy</th><th>Targets</th><th /></tr></thead>
            <tbody>
              {combos.map((c) => (
                <tr data-combo={c.name}>
                  <td>{c.name}</td><td>{c.strategy}</td>
                  <td data-testid="combo-targets">{c.targets.map((t) => (t.weight ? `${t.model} (${t.weight})` : t.model)).join(' → ')}</td>
                  <td>
                    <button type="button" disabled={!rw} onClick={() => { setCreating(false); setEditing(c); }}>Edit</button>
                    <button type="button" disabled={!rw} onClick={() => remove(c)}>Delete</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <Err error={error} />
        {editing && <ComboForm key={editing.name} models={models} editing={editing} onDone={done} />}
        {!editing && (creating ? <ComboForm models={models} onDone={done} /> : <button type="button" disabled={!rw || models.length === 0} onClick={() => setCreating(true)}>New combo</button>)}
      </State>
    </section>
  );
}

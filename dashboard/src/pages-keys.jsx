import { useState } from 'preact/hooks';
import { api, canWrite } from './api.js';
import { num, usd, when } from './format.js';
import { Err, Secret, State, useLoad } from './ui.jsx';

function limits(k) {
  const parts = [
    k.rpmLimit && `${num(k.rpmLimit)} rpm`,
    k.dailyBudgetUsd && `${usd(k.dailyBudgetUsd)}/day`,
    k.monthlyBudgetUsd && `${usd(k.monthlyBudgetUsd)}/mo`,
    k.allowedModels && `only ${k.allowedModels.join(', ')}`,
    k.expiresAt && `expires ${when(k.expiresAt)}`,
  ];
  return parts.filter(Boolean).join(', ') || '—';
}

export function Keys() {
  const s = useLoad(async () => {
    const [k, u] = await Promise.all([api('/api/keys'), api('/api/usage?by=key&since=30d').catch(() => ({ groups: [] }))]);
    return { keys: k.keys, spend: new Map(u.groups.map((g) => [g.group, g])) };
  });
  const [name, setName] = useState('');
  const [rpm, setRpm] = useState('');
  const [budget, setBudget] = useState('');
  const [daily, setDaily] = useState('');
  const [days, setDays] = useState('');
  const [models, setModels] = useState('');
  const [secret, setSecret] = useState(null);
  const [error, setError] = useState(null);
  const create = async (e) => {
    e.preventDefault();
    setError(null);
    try {
      const body = { name };
      if (rpm) body.rpmLimit = Number(rpm);
      if (budget) body.monthlyBudgetUsd = Number(budget);
      if (daily) body.dailyBudgetUsd = Number(daily);
      if (days) body.expiresInDays = Number(days);
      const allowed = models.split(',').map((m) => m.trim()).filter(Boolean);
      if (allowed.length) body.allowedModels = allowed;
      const r = await api('/api/keys', { method: 'POST', body });
      setSecret(r.key);
      for (const reset of [setName, setRpm, setBudget, setDaily, setDays, setModels]) reset('');
      s.reload();
    } catch (err) {
      setError(err);
    }
  };
  const revoke = async (k) => {
    if (!confirm(`Revoke key ${k.name}?`)) return;
    try {
      await api(`/api/keys/${k.id}`, { method: 'DELETE' });
      s.reload();
    } catch (err) {
      setError(err);
    }
  };
  const ro = !canWrite();
  return (
    <section>
      <h2>Keys</h2>
      <form class="inline" onSubmit={create}>
        <label for="key-name">Name</label>
        <input id="key-name" value={name} onInput={(e) => setName(e.currentTarget.value)} required disabled={ro} />
        <label for="key-rpm">Requests per minute</label>
        <input id="key-rpm" type="number" min="1" value={rpm} onInput={(e) => setRpm(e.currentTarget.value)} disabled={ro} />
        <label for="key-budget">Monthly budget (USD)</label>
        <input id="key-budget" type="number" min="0" step="0.01" value={budget} onInput={(e) => setBudget(e.currentTarget.value)} disabled={ro} />
        <label for="key-daily">Daily budget (USD)</label>
        <input id="key-daily" type="number" min="0" step="0.01" value={daily} onInput={(e) => setDaily(e.currentTarget.value)} disabled={ro} />
        <label for="key-days">Expires in days (empty: never)</label>
        <input id="key-days" type="number" min="1" value={days} onInput={(e) => setDays(e.currentTarget.value)} disabled={ro} />
        <label for="key-models">Allowed models (comma-separated; empty: all)</label>
        <input id="key-models" value={models} onInput={(e) => setModels(e.currentTarget.value)} disabled={ro} />
        <button type="submit" disabled={ro}>Create key</button>
      </form>
      <Err error={error} />
      {secret && <Secret value={secret} onClose={() => setSecret(null)} />}
      <State s={s} empty={s.data?.keys.length === 0} emptyText="No keys yet: create one to call /v1.">
        <table>
          <thead><tr><th>Name</th><th>Key</th><th>Status</th><th>Limits</th><th>Requests (30 d)</th><th>Spend (30 d)</th><th>Created</th><th /></tr></thead>
          <tbody>
            {(s.data?.keys ?? []).map((k) => {
              const sp = s.data.spend.get(k.id);
              return (
                <tr data-key={k.name}>
                  <td>{k.name}</td><td><code data-testid="key-prefix">{k.prefix}</code></td><td>{k.status}</td>
                  <td data-testid="key-limits">{limits(k)}</td>
                  <td>{num(sp?.requests ?? 0)}</td><td>{usd(sp?.costUsd ?? 0)}</td><td>{when(k.createdAt)}</td>
                  <td>{k.status === 'active' && <button type="button" disabled={ro} onClick={() => revoke(k)}>Revoke</button>}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </State>
    </section>
  );
}

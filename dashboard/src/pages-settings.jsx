import { useState } from 'preact/hooks';
import { api, isAdmin } from './api.js';
import { when } from './format.js';
import { Err, Secret, State, useLoad } from './ui.jsx';

export function Tokens() {
  const s = useLoad(() => api('/api/cli/tokens'));
  const [name, setName] = useState('');
  const [scope, setScope] = useState('read');
  const [days, setDays] = useState('30');
  const [secret, setSecret] = useState(null);
  const [error, setError] = useState(null);
  const admin = isAdmin();
  const create = async (e) => {
    e.preventDefault();
    setError(null);
    try {
      const r = await api('/api/cli/tokens', { method: 'POST', body: { name, scope, expiresInDays: days ? Number(days) : null } });
      setSecret(r.token);
      setName('');
      s.reload();
    } catch (err) {
      setError(err);
    }
  };
  const revoke = async (t) => {
    if (!confirm(`Revoke token ${t.name}?`)) return;
    try {
      await api(`/api/cli/tokens/${t.id}`, { method: 'DELETE' });
      s.reload();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section>
      <h2>Access tokens</h2>
      <form class="inline" onSubmit={create}>
        <label for="t-name">Name</label>
        <input id="t-name" value={name} onInput={(e) => setName(e.currentTarget.value)} required disabled={!admin} />
        <label for="t-scope">Scope</label>
        <select id="t-scope" value={scope} onChange={(e) => setScope(e.currentTarget.value)} disabled={!admin}>
          <option value="read">read</option><option value="write">write</option><option value="admin">admin</option>
        </select>
        <label for="t-days">Expires in days (empty: never)</label>
        <input id="t-days" type="number" min="1" value={days} onInput={(e) => setDays(e.currentTarget.value)} disabled={!admin} />
        <button type="submit" disabled={!admin}>Create token</button>
      </form>
      <Err error={error} />
      {secret && <Secret value={secret} onClose={() => setSecret(null)} />}
      <State s={s} empty={s.data?.tokens.length === 0} emptyText="No access tokens.">
        <table>
          <thead><tr><th>Name</th><th>Token</th><th>Scope</th><th>Status</th><th>Expires</th><th>Last used</th><th /></tr></thead>
          <tbody>
            {(s.data?.tokens ?? []).map((t) => (
              <tr data-token={t.name}>
                <td>{t.name}</td><td><code>{t.prefix}</code></td><td>{t.scope}</td><td>{t.status}</td><td>{when(t.expiresAt)}</td><td>{when(t.lastUsedAt)}</td>
                <td>{t.status === 'active' && <button type="button" disabled={!admin} onClick={() => revoke(t)}>Revoke</button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </State>
    </section>
  );
}

/** Needs the current password too (through the login's lockout); other sessions are logged out. */
function PasswordForm() {
  const [f, setF] = useState({ current: '', next: '', again: '' });
  const [error, setError] = useState(null);
  const [done, setDone] = useState(false);
  const set = (k) => (e) => setF({ ...f, [k]: e.currentTarget.value });
  const submit = async (e) => {
    e.preventDefault();
    setError(null);
    setDone(false);
    if (f.next !== f.again) return setError(new Error('The new passwords do not match.'));
    try {
      // noRedirect: a wrong current password is a 401 that must not end this session.
      await api('/api/auth/password', { method: 'POST', body: { currentPassword: f.current, newPassword: f.next }, noRedirect: true });
      setF({ current: '', next: '', again: '' });
      setDone(true);
    } catch (err) {
      setError(err.code === 'INVALID_PASSWORD' ? new Error('The current password is wrong.') : err);
    }
  };
  const off = !isAdmin();
  return (
    <form class="stack" onSubmit={submit} aria-label="Change password">
      <h3>Change password</h3>
      <label for="pw-current">Current password</label>
      <input id="pw-current" type="password" autocomplete="current-password" required value={f.current} onInput={set('current')} disabled={off} />
      <label for="pw-new">New password (at least 12 characters)</label>
      <input id="pw-new" type="password" autocomplete="new-password" required minLength={12} value={f.next} onInput={set('next')} disabled={off} />
      <label for="pw-again">New password again</label>
      <input id="pw-again" type="password" autocomplete="new-password" required minLength={12} value={f.again} onInput={set('again')} disabled={off} />
      <button type="submit" disabled={off}>Change password</button>
      {done && <p role="status" data-testid="password-changed">Password changed; other sessions were logged out.</p>}
      <Err error={error} />
    </form>
  );
}

export function Security() {
  const s = useLoad(async () => {
    const [st, audit] = await Promise.all([api('/api/settings'), api('/api/audit?limit=20').catch((e) => ({ error: e }))]);
    return { settings: st.settings, audit };
  });
  const [error, setError] = useState(null);
  const toggle = async (key) => {
    setError(null);
    try {
      await api('/api/settings', { method: 'PATCH', body: { [key]: !s.data.settings[key] } });
      s.reload();
    } catch (err) {
      setError(err);
    }
  };
  const events = s.data?.audit?.events ?? [];
  return (
    <section>
      <h2>Security</h2>
      <State s={s} empty={false}>
        {s.data && (
          <div>
            <label><input type="checkbox" checked={s.data.settings.requireLogin} disabled={!isAdmin()} onChange={() => toggle('requireLogin')} /> Require login (also from this machine)</label>
            <label><input type="checkbox" checked={s.data.settings.cliTokenEnabled} disabled={!isAdmin()} onChange={() => toggle('cliTokenEnabled')} /> Allow the CLI machine token</label>
            <Err error={error} />
            <PasswordForm />
            <h3>Recent audit events</h3>
            {s.data.audit.error ? <p class="state error">Could not load the audit log: {s.data.audit.error.message}</p> : events.length === 0 ? <p class="state empty">No events.</p> : (
              <table>
                <thead><tr><th>Time</th><th>Event</th><th>Outcome</th><th>Actor</th><th>Source</th></tr></thead>
                <tbody>{events.map((e) => <tr><td>{when(e.ts)}</td><td>{e.event}</td><td>{e.outcome}</td><td>{e.actor}</td><td>{e.source}</td></tr>)}</tbody>
              </table>
            )}
          </div>
        )}
      </State>
    </section>
  );
}

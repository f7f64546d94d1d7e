import { useState } from 'preact/hooks';
import { api, isAdmin } from './api.js';
import { when } from './format.js';
import { Copy, Err, Secret, State, useLoad } from './ui.jsx';

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

const BACKENDS = ['cloudflared', 'ngrok', 'tailscale'];

function Tunnel({ name }) {
  const s = useLoad(() => api(`/api/tunnels/${name}`), [], 3000);
  const [error, setError] = useState(null);
  const act = async (action) => {
    setError(null);
    try {
      if (name === 'tailscale') await api(`/api/tunnels/tailscale/${action}`, { method: 'POST', body: {} });
      else await api(`/api/tunnels/${name}`, { method: 'POST', body: { action } });
      s.reload();
    } catch (err) {
      setError(err);
    }
  };
  const t = s.data;
  const missing = s.error?.status === 404;
  return (
    <article class="tunnel" data-tunnel={name}>
      <h3>{name}</h3>
      {missing ? (
        <p class="state empty">Tunnels are not available on this server.</p>
      ) : (
        <State s={s} empty={false}>
          {t && (
            <dl>
              <dt>Phase</dt><dd data-testid={`${name}-phase`}>{t.phase}</dd>
              {t.publicUrl && (<><dt>Public URL</dt><dd><code data-testid={`${name}-url`}>{t.publicUrl}</code> <Copy text={t.publicUrl} /></dd></>)}
              {t.apiUrl && (<><dt>/v1 URL</dt><dd><code>{t.apiUrl}</code> <Copy text={t.apiUrl} /></dd></>)}
              {t.lastError && (<><dt>Last error</dt><dd class="error">{t.lastError}</dd></>)}
              {t.authUrl && (<><dt>Login</dt><dd><a href={t.authUrl} rel="noreferrer noopener" target="_blank">Log in to Tailscale</a></dd></>)}
              {t.enableUrl && (<><dt>Funnel</dt><dd><a href={t.enableUrl} rel="noreferrer noopener" target="_blank">Enable Funnel</a></dd></>)}
            </dl>
          )}
          <button type="button" disabled={!isAdmin() || t?.running} onClick={() => act('enable')}>Enable</button>
          <button type="button" disabled={!isAdmin() || !t?.running} onClick={() => act('disable')}>Disable</button>
          {name === 'tailscale' && <button type="button" disabled={!isAdmin()} onClick={() => act('login')}>Log in</button>}
          <Err error={error} />
        </State>
      )}
    </article>
  );
}

export function Tunnels() {
  return (
    <section>
      <h2>Tunnels</h2>
      {BACKENDS.map((b) => <Tunnel name={b} />)}
    </section>
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
            <p class="hint">Change the password with <code>switchyard</code> on the server (see README).</p>
            <Err error={error} />
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

import { useState } from 'preact/hooks';
import { api, isAdmin } from './api.js';
import { Copy, Err, State, useLoad } from './ui.jsx';

const BACKENDS = ['cloudflared', 'ngrok', 'tailscale'];
const yes = (b) => (b ? 'yes' : 'no');

/** Tailscale's prerequisites (`GET …/check`): installed, daemon, login, the node's name. */
function TailscaleCheck() {
  const [c, setC] = useState(null);
  const [error, setError] = useState(null);
  const run = () => api('/api/tunnels/tailscale/check').then(setC, setError);
  return (
    <div>
      <button type="button" disabled={!isAdmin()} onClick={run}>Check Tailscale</button>
      {c && <p data-testid="tailscale-check">Installed: {yes(c.installed)} · daemon running: {yes(c.daemonRunning)} · logged in: {yes(c.loggedIn)}{c.dnsName ? ` · ${c.dnsName}` : ''}</p>}
      <Err error={error} />
    </div>
  );
}

function Tunnel({ name }) {
  const s = useLoad(() => api(`/api/tunnels/${name}`), [], 3000);
  const [error, setError] = useState(null);
  const [authToken, setAuthToken] = useState('');
  // Tailscale's login and Funnel links come only in the answers to login and enable, not in the status.
  const [links, setLinks] = useState({ authUrl: null, enableUrl: null });
  const act = async (action) => {
    setError(null);
    try {
      if (name !== 'tailscale') {
        await api(`/api/tunnels/${name}`, { method: 'POST', body: { action, ...(action === 'enable' && authToken ? { authToken } : {}) } });
        setAuthToken('');
      } else {
        const r = await api(`/api/tunnels/tailscale/${action}`, { method: 'POST', body: {} });
        if (action === 'login') setLinks({ ...links, authUrl: r.authUrl ?? null });
        if (action === 'enable') setLinks({ ...links, enableUrl: r.funnelNotEnabled ? r.enableUrl : null });
      }
      s.reload();
    } catch (err) {
      setError(err);
    }
  };
  const t = s.data;
  const admin = isAdmin();
  if (s.error?.status === 404) return <article class="tunnel" data-tunnel={name}><h3>{name}</h3><p class="state empty">Tunnels are not available on this server.</p></article>;
  return (
    <article class="tunnel" data-tunnel={name}>
      <h3>{name}</h3>
      <State s={s} empty={false}>
        {t && (
          <dl>
            <dt>Phase</dt><dd data-testid={`${name}-phase`}>{t.phase}</dd>
            {t.publicUrl && (<><dt>Public URL</dt><dd><code data-testid={`${name}-url`}>{t.publicUrl}</code> <Copy text={t.publicUrl} /></dd></>)}
            {t.apiUrl && (<><dt>/v1 URL</dt><dd><code>{t.apiUrl}</code> <Copy text={t.apiUrl} /></dd></>)}
            {t.lastError && (<><dt>Last error</dt><dd class="error">{t.lastError}</dd></>)}
            {links.authUrl && !t.running && (<><dt>Login</dt><dd><a data-testid="tailscale-login" href={links.authUrl} rel="noreferrer noopener" target="_blank">Log in to Tailscale</a>, then Enable</dd></>)}
            {links.enableUrl && !t.running && (<><dt>Funnel</dt><dd><a data-testid="tailscale-funnel" href={links.enableUrl} rel="noreferrer noopener" target="_blank">Turn Funnel on for this tailnet</a>, then Enable again</dd></>)}
          </dl>
        )}
        {name === 'ngrok' && !t?.running && (
          <p>
            <label for="ngrok-token">Authtoken ({t?.authTokenSource ? `saved: ${t.authTokenSource}` : 'none saved'}; kept encrypted)</label>{' '}
            <input id="ngrok-token" type="password" autocomplete="off" value={authToken} onInput={(e) => setAuthToken(e.currentTarget.value)} disabled={!admin} />
          </p>
        )}
        <div class="toolbar">
          <button type="button" disabled={!admin || t?.running} onClick={() => act('enable')}>Enable</button>
          <button type="button" disabled={!admin || !t?.running} onClick={() => act('disable')}>Disable</button>
          {name === 'tailscale' && <button type="button" disabled={!admin} onClick={() => act('login')}>Log in</button>}
        </div>
        {name === 'tailscale' && <TailscaleCheck />}
        <Err error={error} />
      </State>
    </article>
  );
}

export function Tunnels() {
  return (
    <section>
      <h2>Tunnels</h2>
      <p class="hint">Traffic through a tunnel is never treated as local: a login is always asked. Prefer an access token to the password there.</p>
      {BACKENDS.map((b) => <Tunnel name={b} />)}
    </section>
  );
}

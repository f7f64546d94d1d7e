import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, bearer, session, setCsrf } from './api.js';
import { Login } from './pages-login.jsx';
import { Overview } from './pages-overview.jsx';
import { Keys } from './pages-keys.jsx';
import { Providers } from './pages-providers.jsx';
import { Logs, Usage } from './pages-data.jsx';
import { Models } from './pages-models.jsx';
import { Security, Tokens } from './pages-settings.jsx';
import { Tunnels } from './pages-tunnels.jsx';
import './style.css';

const PAGES = [
  ['', 'Overview', Overview],
  ['providers', 'Providers', Providers],
  ['models', 'Models', Models],
  ['keys', 'Keys', Keys],
  ['usage', 'Usage', Usage],
  ['logs', 'Logs', Logs],
  ['settings/tokens', 'Access tokens', Tokens],
  ['settings/tunnels', 'Tunnels', Tunnels],
  ['settings/security', 'Security', Security],
];

const route = () => location.pathname.replace(/^\/dashboard\/?/, '').replace(/\/$/, '');

function App() {
  const [path, setPath] = useState(route());
  const [ready, setReady] = useState(false);
  const [error, setError] = useState(null);
  useEffect(() => {
    const onPop = () => setPath(route());
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);
  useEffect(() => {
    if (path === 'login') return;
    api('/api/auth/session').then(
      (s) => {
        Object.assign(session, { scope: s.scope, kind: s.kind });
        if (s.csrfToken) setCsrf(s.csrfToken);
        setReady(true);
      },
      (err) => err.status !== 401 && setError(err),
    );
  }, [path === 'login']);
  if (path === 'login') return <Login />;
  if (error) return <p class="state error" role="alert">The server did not answer: {error.message}</p>;
  if (!ready) return <p class="state" role="status">Loading…</p>;
  const go = (e, to) => {
    e.preventDefault();
    history.pushState(null, '', `/dashboard/${to}`);
    setPath(to);
  };
  const logout = async () => {
    bearer.set(null);
    await api('/api/auth/logout', { method: 'POST', noRedirect: true }).catch(() => {});
    location.assign('/dashboard/login');
  };
  const page = PAGES.find(([p]) => p === path) ?? PAGES[0];
  const Page = page[2];
  return (
    <div class="shell">
      <header>
        <strong>Switchyard</strong>
        <nav aria-label="Pages">
          {PAGES.map(([p, label]) => (
            <a href={`/dashboard/${p}`} aria-current={p === page[0] ? 'page' : undefined} onClick={(e) => go(e, p)}>{label}</a>
          ))}
        </nav>
        <span class="who">{session.kind} · {session.scope}{session.scope === 'read' ? ' (read-only)' : ''}</span>
        {(session.kind === 'session' || session.kind === 'token') && <button type="button" onClick={logout}>Log out</button>}
      </header>
      <main><Page /></main>
    </div>
  );
}

render(<App />, document.getElementById('app'));

import { useState } from 'preact/hooks';
import { api, bearer, setCsrf } from './api.js';

export function Login() {
  const [password, setPassword] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (password.startsWith('sya_live_')) {
        bearer.set(password);
        await api('/api/auth/session', { noRedirect: true });
      } else {
        bearer.set(null);
        const r = await api('/api/auth/login', { method: 'POST', body: { password }, noRedirect: true });
        setCsrf(r.csrfToken);
      }
      const next = new URLSearchParams(location.search).get('next');
      location.assign(next && next.startsWith('/dashboard/') && !next.startsWith('/dashboard/login') ? next : '/dashboard/');
    } catch (err) {
      bearer.set(null);
      setError(err.code === 'INVALID_TOKEN' ? 'That access token is invalid, expired or revoked.' : err.code === 'LOCKED_OUT' ? `Locked out: ${err.message}` : err.code === 'INVALID_PASSWORD' ? 'Wrong password.' : err.message);
      setBusy(false);
    }
  };
  return (
    <main class="login">
      <h1>Switchyard</h1>
      <form onSubmit={submit}>
        <label for="password">Management password or access token</label>
        <input id="password" type="password" autocomplete="current-password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} required />
        <button type="submit" disabled={busy}>Log in</button>
        {error && <p class="error" role="alert">{error}</p>}
      </form>
    </main>
  );
}

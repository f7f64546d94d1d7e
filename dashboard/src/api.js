// The one door to /api: JSON, the session's CSRF token on every mutation, and a
// 401 sends the user to the login page with the page they were on kept.
let csrf = null;
export const session = { scope: 'read', kind: 'anonymous' };

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

// An access token typed at the login page lives in this tab only (sessionStorage) and
// goes out as a bearer: that is how a read-scope visitor uses the dashboard.
const TOKEN_KEY = 'switchyard_token';
export const bearer = {
  get: () => sessionStorage.getItem(TOKEN_KEY),
  set: (t) => (t ? sessionStorage.setItem(TOKEN_KEY, t) : sessionStorage.removeItem(TOKEN_KEY)),
};

export function setCsrf(token) {
  csrf = token;
}

export function toLogin() {
  const here = location.pathname + location.search;
  if (!location.pathname.startsWith('/dashboard/login')) location.assign(`/dashboard/login?next=${encodeURIComponent(here)}`);
}

export async function api(path, { method = 'GET', body, noRedirect = false } = {}) {
  const headers = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrf) headers['x-csrf-token'] = csrf;
  const token = bearer.get();
  if (token && !path.startsWith('/api/auth/login')) headers.authorization = `Bearer ${token}`;
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  const data = await res.json().catch(() => ({}));
  if (res.status === 401 && !noRedirect) {
    bearer.set(null);
    toLogin();
  }
  if (!res.ok) throw new ApiError(res.status, data?.error?.code ?? 'HTTP_' + res.status, data?.error?.message ?? res.statusText);
  return data;
}

export const canWrite = () => session.scope === 'write' || session.scope === 'admin';
export const isAdmin = () => session.scope === 'admin';

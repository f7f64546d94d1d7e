import { isLoopbackHost } from './contexts.js';
import { CliError, EXIT } from './exit-codes.js';

export const DEFAULT_PORT = 20128;

/**
 * `connect` targets: a full URL is used as it is; a bare host becomes
 * `http://host:20128` (or `--port`), `host:port` keeps its port.
 */
export function connectUrl(input: string, port?: number): string {
  const raw = input.trim();
  if (!raw) throw new CliError('connect needs a host or URL', EXIT.usage);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) {
    let u: URL;
    try {
      u = new URL(raw);
    } catch {
      throw new CliError(`'${raw}' is not a valid URL`, EXIT.usage);
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new CliError(`'${raw}': only http and https`, EXIT.usage);
    return (u.origin + u.pathname).replace(/\/+$/, '');
  }
  const hasPort = /^\[[^\]]+\]:\d+$/.test(raw) || /^[^:[\]]+:\d+$/.test(raw);
  const bareV6 = raw.includes(':') && !raw.startsWith('[') && !hasPort;
  const host = bareV6 ? `[${raw}]` : raw;
  let u: URL;
  try {
    u = new URL(`http://${hasPort ? host : `${host}:${port ?? DEFAULT_PORT}`}`);
  } catch {
    throw new CliError(`'${raw}' is not a valid host`, EXIT.usage);
  }
  if (u.pathname !== '/' || u.search) throw new CliError(`'${raw}' is not a valid host`, EXIT.usage);
  return `http://${u.host}`;
}

/** A context name from the URL's host: `gpu-box`, `10.0.0.5-8080`, `local` for loopback. */
export function defaultContextName(url: string): string {
  const u = new URL(url);
  const bare = u.hostname.replace(/^\[|\]$/g, '');
  const host = isLoopbackHost(bare) ? 'local' : bare.replace(/[^A-Za-z0-9.-]/g, '-').replace(/^[^A-Za-z0-9]+/, '') || 'server';
  const port = u.port && u.port !== String(DEFAULT_PORT) ? `-${u.port}` : '';
  return `${host}${port}`;
}

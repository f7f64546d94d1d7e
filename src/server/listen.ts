import type { Server } from 'node:http';
import { SwitchyardError } from '../core/index.js';

/** Why a listen failed, in words an operator can act on (no stack trace). */
function listenError(err: unknown, host: string, port: number): Error {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  const where = `${host}:${port}`;
  switch (code) {
    case 'EADDRINUSE':
      return new SwitchyardError('CONFLICT', `${where} is already in use; stop what listens there or choose another --port`, { cause: err });
    case 'EACCES':
      return new SwitchyardError('CONFLICT', `not allowed to listen on ${where}; ports below 1024 need privileges, choose another --port`, {
        cause: err,
      });
    case 'EADDRNOTAVAIL':
      return new SwitchyardError('BAD_REQUEST', `--host ${host} is not an address of this machine`, { cause: err });
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new SwitchyardError('BAD_REQUEST', `--host ${host} does not resolve to an address`, { cause: err });
    default:
      return err instanceof Error ? err : new Error(String(err));
  }
}

export function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: unknown): void => reject(listenError(err, host, port));
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : port);
    });
  });
}

/** The URL a local client uses: a wildcard bind is reached over loopback. */
export function urlFor(host: string, port: number): string {
  if (host === '0.0.0.0') return `http://127.0.0.1:${port}`;
  if (host === '::') return `http://[::1]:${port}`;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

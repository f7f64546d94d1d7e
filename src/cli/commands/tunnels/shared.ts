import { readFileSync } from 'node:fs';
import { CliError, EXIT } from '../../exit-codes.js';

export const BACKENDS = ['cloudflared', 'ngrok', 'tailscale'] as const;
export type Backend = (typeof BACKENDS)[number];

export interface TunnelStatus {
  phase: string;
  running: boolean;
  publicUrl: string | null;
  apiUrl: string | null;
  targetUrl: string | null;
  lastError: string | null;
  funnelNotEnabled?: boolean;
  enableUrl?: string;
}

export function backendArg(value: string | undefined): Backend {
  if (!BACKENDS.includes(value as Backend)) throw new CliError(`unknown tunnel backend '${value ?? ''}' (known: ${BACKENDS.join(', ')})`, EXIT.usage);
  return value as Backend;
}

/** One line from stdin (a token or a password), without its newline. */
export function readStdinSecret(what: string): string {
  const text = readFileSync(0, 'utf8').replace(/\r?\n$/, '');
  if (!text) throw new CliError(`no ${what} on stdin`, EXIT.usage);
  return text;
}

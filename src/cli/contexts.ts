/**
 * CLI contexts: which server a command talks to and how it authenticates.
 * Stored in `$SWITCHYARD_HOME/config.json` (dir 0700, file 0600, atomic write).
 */
import { chmodSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { SCOPES, type Scope } from '../core/index.js';
import { CliError, EXIT } from './exit-codes.js';

export type ContextAuth =
  /** The machine-bound CLI token; only ever sent to a loopback server. */
  | { kind: 'cli-token' }
  /** An access token, stored here or referenced as `env:VAR`. */
  | { kind: 'token'; token: string }
  /** Client-credentials grant against an IdP's token URL; the secret is always an `env:VAR` reference. */
  | { kind: 'oauth-client'; tokenUrl: string; clientId: string; clientSecret: string; scope?: string; audience?: string }
  /** Authorization code + PKCE in a browser; tokens kept here (0600), refreshed when they expire. */
  | {
      kind: 'browser';
      issuer: string;
      clientId: string;
      tokenEndpoint: string;
      accessToken: string;
      expiresAt: number | null;
      refreshToken?: string;
      scope?: string;
    };

export interface StoredContext {
  url: string;
  auth: ContextAuth;
  /** The scope the server granted when the context was made (informational). */
  scope?: Scope;
  createdAt?: string;
}

export interface CliConfigFile {
  version: 1;
  current: string;
  contexts: Record<string, StoredContext>;
}

export const DEFAULT_CONTEXT = 'default';
export const DEFAULT_URL = 'http://127.0.0.1:20128';
const BUILTIN: StoredContext = { url: DEFAULT_URL, auth: { kind: 'cli-token' }, scope: 'admin' };

export function cliHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.SWITCHYARD_HOME || join(homedir(), '.switchyard');
}

export function configFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(cliHome(env), 'config.json');
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const str = z.string().min(1);
const authSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('cli-token') }),
  z.object({ kind: z.literal('token'), token: str }),
  z.object({ kind: z.literal('oauth-client'), tokenUrl: str, clientId: str, clientSecret: str, scope: str.optional(), audience: str.optional() }),
  z.object({
    kind: z.literal('browser'),
    issuer: str,
    clientId: str,
    tokenEndpoint: str,
    accessToken: str,
    expiresAt: z.number().nullable(),
    refreshToken: str.optional(),
    scope: str.optional(),
  }),
]);
const storedSchema = z.object({ url: str, auth: authSchema, scope: z.enum(SCOPES).optional(), createdAt: z.string().optional() });

/** A context that does not parse is left out (with a warning) so the others, and `contexts remove`, still work. */
function parseStored(name: string, v: unknown, file: string, warn: (msg: string) => void): StoredContext | undefined {
  const parsed = storedSchema.safeParse(v);
  if (parsed.success) return parsed.data as StoredContext;
  const where = parsed.error.issues[0]?.path.join('.') ?? '';
  warn(`⚠ context '${name}' in ${file} is malformed${where ? ` (${where})` : ''} and is ignored; it is dropped the next time the file is written`);
  return undefined;
}

/** Reads the file (or starts empty), warning on stderr when others can read it. */
export function loadCliConfig(env: NodeJS.ProcessEnv = process.env, warn: (msg: string) => void = (m) => process.stderr.write(m + '\n')): CliConfigFile {
  const file = configFile(env);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { version: 1, current: DEFAULT_CONTEXT, contexts: {} };
  }
  const mode = statSync(file).mode & 0o777;
  if (mode & 0o077) {
    warn(`⚠ ${file} is readable by group or others (mode ${mode.toString(8)}); it holds access tokens. Fix: chmod 600 ${file}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new CliError(`${file} is not valid JSON; fix or remove it`);
  }
  if (!isObject(raw) || !isObject(raw.contexts)) throw new CliError(`${file} has no contexts table; fix or remove it`);
  const contexts: Record<string, StoredContext> = {};
  for (const [name, v] of Object.entries(raw.contexts)) {
    const ctx = parseStored(name, v, file, warn);
    if (ctx) contexts[name] = ctx;
  }
  return { version: 1, current: typeof raw.current === 'string' ? raw.current : DEFAULT_CONTEXT, contexts };
}

/** Temp file in the same directory, then rename: a crash never leaves half a file. */
export function saveCliConfig(cfg: CliConfigFile, env: NodeJS.ProcessEnv = process.env): void {
  const dir = cliHome(env);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const file = configFile(env);
  const tmp = join(dir, `.config.json.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  writeFileSync(tmp, JSON.stringify(cfg, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}

/** Every context, the built-in `default` included unless the file overrides it. */
export function allContexts(cfg: CliConfigFile): Record<string, StoredContext> {
  return { [DEFAULT_CONTEXT]: BUILTIN, ...cfg.contexts };
}

export interface Target {
  url: string;
  /** The context whose credentials are used, if any. */
  context: string | null;
  auth: ContextAuth | null;
  scope?: Scope;
  source: 'flag' | 'env' | 'context';
}

export function normalizeUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new CliError(`'${url}' is not a valid server URL`, EXIT.usage);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new CliError(`server URL must be http or https: '${url}'`, EXIT.usage);
  return u.origin + u.pathname.replace(/\/+$/, '');
}

/** A URL given directly (--server, SWITCHYARD_URL): a context for the same URL lends its credentials. */
function directTarget(url: string, source: 'flag' | 'env', cfg: CliConfigFile, env: NodeJS.ProcessEnv): Target {
  const normalized = normalizeUrl(url);
  if (env.SWITCHYARD_TOKEN) return { url: normalized, context: null, auth: { kind: 'token', token: 'env:SWITCHYARD_TOKEN' }, source };
  const match = Object.entries(allContexts(cfg)).find(([, c]) => normalizeUrl(c.url) === normalized);
  if (match) return { url: normalized, context: match[0], auth: match[1].auth, scope: match[1].scope, source };
  return { url: normalized, context: null, auth: { kind: 'cli-token' }, source };
}

/** SPEC §4: `--server URL` > `SWITCHYARD_URL` > `--context NAME` > the active context. */
export function resolveTarget(
  flags: { server?: string; context?: string },
  cfg: CliConfigFile,
  env: NodeJS.ProcessEnv = process.env,
): Target {
  if (flags.server) return directTarget(flags.server, 'flag', cfg, env);
  if (env.SWITCHYARD_URL) return directTarget(env.SWITCHYARD_URL, 'env', cfg, env);
  const contexts = allContexts(cfg);
  const name = flags.context ?? cfg.current;
  const ctx = contexts[name];
  if (!ctx) {
    const how = flags.context ? '--context' : `the active context (${configFile(env)})`;
    throw new CliError(`no context '${name}' (from ${how}); see: switchyard contexts list`, EXIT.notFound);
  }
  return { url: normalizeUrl(ctx.url), context: name, auth: ctx.auth, scope: ctx.scope, source: 'context' };
}

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)) return true;
  if (h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  return /^::ffff:127\./.test(h) || /^::ffff:7f[0-9a-f]{2}:/.test(h);
}

export function isLoopbackUrl(url: string): boolean {
  try {
    return isLoopbackHost(new URL(url).hostname);
  } catch {
    return false;
  }
}

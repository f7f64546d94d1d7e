// The Portkey OSS gateway as a reference, installed on first use into
// bench/.portkey/ (gitignored) so the project's own lockfile never carries it.
// `@hono/node-server` is pinned: the version npm resolves by default (1.19.x)
// breaks every streamed answer on Node 20 (see /work/shared/BENCH-NOTES.md).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const PORTKEY_VERSION = '1.15.2';
const MANIFEST = {
  name: 'switchyard-bench-portkey',
  private: true,
  description: 'Reference gateway for the Switchyard benchmark; installed by bench/run.mjs.',
  dependencies: { '@portkey-ai/gateway': PORTKEY_VERSION },
  overrides: { '@hono/node-server': '1.13.5' },
};

/** Returns the path of Portkey's server script, installing it first if needed. */
export function ensurePortkey(benchDir) {
  const dir = join(benchDir, '.portkey');
  const entry = join(dir, 'node_modules/@portkey-ai/gateway/build/start-server.js');
  const pkgFile = join(dir, 'node_modules/@portkey-ai/gateway/package.json');
  const installed = existsSync(pkgFile) && JSON.parse(readFileSync(pkgFile, 'utf8')).version === PORTKEY_VERSION;
  if (installed && existsSync(entry)) return entry;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify(MANIFEST, null, 2) + '\n');
  process.stderr.write(`bench: installing @portkey-ai/gateway@${PORTKEY_VERSION} into bench/.portkey (first run only)…\n`);
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  if (!existsSync(entry)) throw new Error(`Portkey install did not produce ${entry}`);
  return entry;
}

/** Headers that route a Portkey request to an OpenAI-compatible upstream at `upstreamV1`. */
export function portkeyHeaders(upstreamV1) {
  return { 'x-portkey-provider': 'openai', 'x-portkey-custom-host': upstreamV1, authorization: 'Bearer sk-bench' };
}

/** Portkey's fallback config: the first target answers 500, the second succeeds. */
export function portkeyFallbackHeaders(failV1, okV1) {
  const config = {
    strategy: { mode: 'fallback' },
    targets: [
      { provider: 'openai', api_key: 'a', custom_host: failV1 },
      { provider: 'openai', api_key: 'b', custom_host: okV1 },
    ],
  };
  return { 'x-portkey-config': JSON.stringify(config), authorization: 'Bearer sk-bench' };
}

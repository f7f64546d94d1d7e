// #20 item 9: docs/configuration.md is tested against the config schema and
// the code: every schema key is documented with its real default, every
// documented key exists, and every environment variable src reads is named.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { z } from 'zod';
import { configSchema } from '../src/core/index.js';

const ROOT = resolve(import.meta.dirname, '..');
const DOC = readFileSync(join(ROOT, 'docs/configuration.md'), 'utf8');

/** Dotted key paths of the schema's leaves (objects are walked, defaults and optionals unwrapped). */
function schemaKeys(schema: z.ZodType, prefix = ''): string[] {
  let t = schema as unknown as { _zod: { def: { innerType?: unknown } } };
  while (t._zod.def.innerType) t = t._zod.def.innerType as typeof t;
  if (t instanceof z.ZodObject) return Object.entries(t.shape).flatMap(([k, v]) => schemaKeys(v as z.ZodType, prefix ? `${prefix}.${k}` : k));
  return [prefix];
}

/** `| \`key\` | default | …` rows of the "Config file keys" section. */
function documentedKeys(): Map<string, string> {
  const section = DOC.slice(DOC.indexOf('## Config file keys'), DOC.indexOf('## Environment variables'));
  const rows = new Map<string, string>();
  for (const m of section.matchAll(/^\| `([A-Za-z.]+)` \| ([^|]+) \|/gm)) rows.set(m[1] as string, (m[2] as string).trim());
  return rows;
}

const get = (obj: unknown, path: string): unknown => path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], obj);

/** Keys whose default is computed at start rather than in the schema, with what the doc says instead. */
const COMPUTED_DEFAULTS: Record<string, string> = { stateDir: '`$SWITCHYARD_HOME/state`' };

test('#20 item 9: every config schema key is in docs/configuration.md with its default, and every documented key exists', () => {
  const keys = schemaKeys(configSchema);
  const documented = documentedKeys();
  assert.ok(keys.length > 15, 'the schema walk found the keys');
  assert.deepEqual(keys.filter((k) => !documented.has(k)), [], 'schema keys missing from the doc');
  assert.deepEqual([...documented.keys()].filter((k) => !keys.includes(k)), [], 'documented keys the schema does not have');
  const defaults = configSchema.parse({ stateDir: '/unused' });
  for (const [key, cell] of documented) {
    if (key in COMPUTED_DEFAULTS) {
      assert.equal(cell, COMPUTED_DEFAULTS[key], key);
      continue;
    }
    const value = get(defaults, key);
    if (cell === '—') assert.equal(value, undefined, `${key} is documented without a default but has ${JSON.stringify(value)}`);
    else assert.equal(cell, `\`${JSON.stringify(value)}\``, `${key}'s documented default`);
  }
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'conformance' || e.name === 'testing' ? [] : sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.case.ts') ? [path] : [];
  });
}

/** Names read as `env.X`, `process.env.X`, `(…env).X`, `env['X']` or through `envMs(env, 'X', …)`. */
function envVarsRead(): Set<string> {
  const names = new Set<string>();
  const patterns = [/\benv\)?\.([A-Z][A-Z0-9_]{2,})\b/g, /\benv\[['"]([A-Z][A-Z0-9_]{2,})['"]\]/g, /\benvMs\([^,]+,\s*'([A-Z][A-Z0-9_]{2,})'/g];
  for (const file of sourceFiles(join(ROOT, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const re of patterns) for (const m of text.matchAll(re)) names.add(m[1] as string);
  }
  return names;
}

test('#20 item 9: every environment variable src reads is in docs/configuration.md, and every documented one is used', () => {
  const read = envVarsRead();
  assert.ok(read.has('SWITCHYARD_SECRET') && read.has('SWITCHYARD_DISCOVERY_TIMEOUT_MS') && read.has('SWITCHYARD_TUNNEL_START_TIMEOUT_MS'), 'the scan finds the known reads');
  const named = new Set([...DOC.matchAll(/`([A-Z][A-Z0-9_]{2,})`/g)].map((m) => m[1] as string));
  assert.deepEqual([...read].filter((n) => !named.has(n)).sort(), [], 'environment variables missing from the doc');
  const envSection = DOC.slice(DOC.indexOf('## Environment variables'));
  const rows = [...envSection.matchAll(/^\| `([A-Z][A-Z0-9_]{2,})` \|/gm)].map((m) => m[1] as string);
  const testFiles = readdirSync(join(ROOT, 'test'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  const allSource = [...sourceFiles(join(ROOT, 'src')), ...testFiles.map((f) => join(ROOT, 'test', f))].map((f) => readFileSync(f, 'utf8')).join('\n');
  assert.deepEqual(rows.filter((n) => !allSource.includes(n)), [], 'documented variables no source or test file mentions');
});

test('#20 item 9: the README links the configuration reference', () => {
  assert.match(readFileSync(join(ROOT, 'README.md'), 'utf8'), /\]\(docs\/configuration\.md\)/);
});

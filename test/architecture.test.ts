// Keeps the layering of docs/architecture.md true: reads every import line
// under src/ and fails on an edge the table does not allow.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { test } from 'node:test';

const SRC = resolve(import.meta.dirname, '../src');

const ALLOWED: Record<string, string[]> = {
  core: [],
  providers: ['core'],
  storage: ['core'],
  tunnels: ['core'],
  guard: ['core', 'storage'],
  gateway: ['core', 'providers', 'storage'],
  management: ['core', 'guard', 'storage', 'tunnels', 'gateway', 'providers'],
  server: ['core', 'providers', 'storage', 'tunnels', 'guard', 'gateway', 'management'],
  cli: ['core'],
};

function files(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) files(p, out);
    else if (p.endsWith('.ts') && !p.endsWith('.test.ts') && !p.endsWith('.case.ts')) out.push(p);
  }
  return out;
}

const layerOf = (file: string): string => relative(SRC, file).split(sep)[0] ?? '';

test('every static import follows the layer table', () => {
  const violations: string[] = [];
  for (const file of files(SRC)) {
    const from = layerOf(file);
    const allowed = ALLOWED[from];
    if (!allowed) continue;
    const text = readFileSync(file, 'utf8');
    // Static imports and re-exports only: `await import()` is how cli loads the server lazily.
    for (const m of text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'(\.[^']+)'/gms)) {
      const target = resolve(file, '..', m[1] as string);
      if (!target.startsWith(SRC)) continue;
      const to = layerOf(target);
      if (to !== from && !allowed.includes(to)) violations.push(`${relative(SRC, file)} → ${to}`);
    }
  }
  assert.deepEqual(violations, []);
});

test('the layer table knows every folder under src/', () => {
  const folders = readdirSync(SRC).filter((n) => statSync(join(SRC, n)).isDirectory());
  assert.deepEqual(folders.filter((f) => !(f in ALLOWED)), []);
});

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
  mcp: ['core'],
  guard: ['core', 'storage'],
  gateway: ['core', 'providers', 'storage'],
  management: ['core', 'guard', 'storage', 'tunnels', 'gateway', 'providers', 'mcp'],
  dashboard: ['core'],
  metrics: ['core', 'gateway'],
  server: ['core', 'providers', 'storage', 'tunnels', 'guard', 'gateway', 'management', 'dashboard', 'metrics'],
  cli: ['core', 'mcp'],
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

/** Static relative imports of one file, resolved to .ts paths under src/. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'(\.[^']+)'/gms)) {
    const target = resolve(file, '..', (m[1] as string).replace(/\.js$/, '.ts'));
    if (target.startsWith(SRC)) out.push(target);
  }
  return out;
}

/** Every import circle (as a path of files), found by depth-first search. */
export function findCircles(all: string[], edges: (f: string) => string[]): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const circles: string[][] = [];
  const visit = (f: string): void => {
    state.set(f, 'open');
    stack.push(f);
    for (const to of edges(f)) {
      if (state.get(to) === 'open') circles.push([...stack.slice(stack.indexOf(to)), to]);
      else if (!state.has(to)) visit(to);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of all) if (!state.has(f)) visit(f);
  return circles;
}

test('the circle finder finds a circle (so the next test can fail)', () => {
  const g: Record<string, string[]> = { a: ['b'], b: ['c'], c: ['a'], d: [] };
  assert.deepEqual(findCircles(Object.keys(g), (f) => g[f] ?? []), [['a', 'b', 'c', 'a']]);
});

test('no import circles anywhere under src/ (issue #20 item 10: management route files and index.ts)', () => {
  const circles = findCircles(files(SRC), importsOf).map((c) => c.map((f) => relative(SRC, f)).join(' → '));
  assert.deepEqual(circles, []);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyRoute } from '../guard/tiers.js';
import { TOOLS } from './tools.js';

test('every tool declares the scope of the route it wraps', () => {
  for (const t of TOOLS) assert.equal(t.scope, classifyRoute(t.route.method, t.route.path).scope, t.name);
});

test('read-only tools are exactly the GET tools, and none of them is destructive', () => {
  for (const t of TOOLS) {
    assert.equal(t.annotations.readOnlyHint, t.route.method === 'GET', t.name);
    if (t.annotations.readOnlyHint) assert.equal(t.annotations.destructiveHint, false, t.name);
  }
});

test('a tool calls only its own route, marked with its name', async () => {
  const args: Record<string, Record<string, unknown>> = {
    test_provider: { provider: 'p' },
    sync_provider_models: { provider: 'p' },
    save_combo: { name: 'c', strategy: 'fallback', targets: ['p/m'] },
    create_key: { name: 'k' },
    revoke_key: { key: 'k' },
  };
  for (const t of TOOLS) {
    const calls: { method: string; path: string; tool?: string }[] = [];
    await t.run(args[t.name] ?? {}, async (method, path, _b, opts) => {
      calls.push({ method, path, ...(opts?.tool && { tool: opts.tool }) });
      return { status: 200, body: { records: [] } };
    });
    const marked = calls.filter((c) => c.tool);
    assert.equal(marked.length, 1, `${t.name} is audited once`);
    assert.equal(marked[0]?.tool, t.name);
    assert.equal(marked[0]?.method, t.route.method, t.name);
    assert.equal(marked[0]?.path.split('?')[0]?.replace(/\/(p|c|k)(\/|$)/, '/x$2'), t.route.path, t.name);
  }
});

test('tunnel_status turns a 404 into a clear error', async () => {
  const t = TOOLS.find((x) => x.name === 'tunnel_status');
  const r = await t?.run({}, async () => ({ status: 404, body: { error: { code: 'NOT_FOUND', message: 'no route' } } }));
  assert.equal(r?.status, 404);
  assert.match(JSON.stringify(r?.body), /no tunnel support/);
});

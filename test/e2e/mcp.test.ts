// The MCP management server, driven by the official SDK client over both
// transports: Streamable HTTP at /api/mcp/ and `switchyard mcp` (stdio) as a
// process against the context's server. Real server process, SQLite.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { cleanEnv, json, ROOT, runCli, startServerProcess, tempDir, type ServerProcess, type TempDir } from '../helpers/cli.js';

let dir: TempDir;
let server: ServerProcess;
let env: Record<string, string>;
let readToken: string;
let adminToken: string;

const READ_TOOLS = ['list_providers', 'provider_status', 'list_models', 'list_combos', 'usage_summary', 'cost_summary', 'recent_logs', 'list_keys'];

before(async () => {
  dir = tempDir('mcp');
  server = await startServerProcess({ stateDir: join(dir.path, 'state') });
  env = { SWITCHYARD_HOME: join(dir.path, 'home'), SWITCHYARD_URL: server.url };
  const mint = async (scope: string) => {
    const r = await runCli(['tokens', 'create', '--name', `mcp-${scope}`, '--scope', scope, '--json'], { env });
    assert.equal(r.code, 0, r.stderr);
    return json<{ token: string }>(r).token;
  };
  readToken = await mint('read');
  adminToken = await mint('admin');
});

after(async () => {
  await server?.stop();
  dir?.cleanup();
});

async function httpClient(token: string): Promise<Client> {
  const client = new Client({ name: 'test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/api/mcp/`), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  return client;
}

async function stdioClient(token: string): Promise<Client> {
  const client = new Client({ name: 'test', version: '1.0.0' });
  const transportEnv = cleanEnv({ ...env, SWITCHYARD_TOKEN: token }) as Record<string, string>;
  await client.connect(
    new StdioClientTransport({ command: process.execPath, args: ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'mcp'], env: transportEnv, cwd: ROOT, stderr: 'pipe' }),
  );
  return client;
}

const text = (r: CallToolResult): string => r.content.map((c) => (c.type === 'text' ? c.text : '')).join('');

async function auditEvents(): Promise<{ event: string; outcome: string; actor: string; details?: { tool?: string } }[]> {
  const res = await fetch(`${server.url}/api/audit?limit=500`, { headers: { authorization: `Bearer ${adminToken}` } });
  assert.equal(res.status, 200);
  return ((await res.json()) as { events: never[] }).events;
}

for (const [transport, connect] of [
  ['streamable http', httpClient],
  ['stdio (switchyard mcp)', stdioClient],
] as const) {
  describe(`MCP over ${transport}`, () => {
    test('lists every tool with an input schema and annotations', async () => {
      const client = await connect(readToken);
      try {
        const { tools } = await client.listTools();
        const names = tools.map((t) => t.name).sort();
        for (const n of [...READ_TOOLS, 'test_provider', 'sync_provider_models', 'save_combo', 'create_key', 'revoke_key', 'tunnel_status']) {
          assert.ok(names.includes(n), `${n} listed`);
        }
        for (const t of tools) {
          assert.equal(t.inputSchema.type, 'object', t.name);
          assert.equal(typeof t.annotations?.readOnlyHint, 'boolean', t.name);
          assert.equal(typeof t.annotations?.destructiveHint, 'boolean', t.name);
        }
        const createKey = tools.find((t) => t.name === 'create_key');
        assert.deepEqual(createKey?.inputSchema.required, ['name']);
        assert.equal(tools.find((t) => t.name === 'revoke_key')?.annotations?.destructiveHint, true);
        assert.equal(tools.find((t) => t.name === 'list_keys')?.annotations?.readOnlyHint, true);
      } finally {
        await client.close();
      }
    });

    test('a read-scope token calls the read tools, and create_key is an MCP error, not a transport failure', async () => {
      const client = await connect(readToken);
      try {
        for (const name of READ_TOOLS) {
          const r = (await client.callTool({ name, arguments: {} })) as CallToolResult;
          assert.notEqual(r.isError, true, `${name}: ${text(r)}`);
          JSON.parse(text(r));
        }
        const denied = (await client.callTool({ name: 'create_key', arguments: { name: 'nope' } })) as CallToolResult;
        assert.equal(denied.isError, true);
        assert.match(text(denied), /INSUFFICIENT_SCOPE/);
        // The session still works after the refusal.
        const again = (await client.callTool({ name: 'list_keys', arguments: {} })) as CallToolResult;
        assert.notEqual(again.isError, true);
      } finally {
        await client.close();
      }
      const events = await auditEvents();
      const denied = events.filter((e) => e.event === 'mcp_tool_call' && e.details?.tool === 'create_key' && e.outcome === 'denied');
      assert.ok(denied.length >= 1, 'the refused call is audited');
      assert.ok(denied.every((e) => e.actor.startsWith('token:')));
      assert.ok(events.some((e) => e.event === 'mcp_tool_call' && e.details?.tool === 'list_keys' && e.outcome === 'success'));
    });

    test('an admin token creates a key (shown once), lists it masked, and revokes it', async () => {
      const client = await connect(adminToken);
      try {
        const created = (await client.callTool({ name: 'create_key', arguments: { name: `k-${transport.length}` } })) as CallToolResult;
        assert.notEqual(created.isError, true, text(created));
        const key = JSON.parse(text(created)) as { id: string; key: string };
        assert.match(key.key, /^sk-sy-/);
        const listed = text((await client.callTool({ name: 'list_keys', arguments: {} })) as CallToolResult);
        assert.ok(listed.includes(key.id));
        assert.ok(!listed.includes(key.key), 'the secret is not listed');
        const revoked = (await client.callTool({ name: 'revoke_key', arguments: { key: key.id } })) as CallToolResult;
        assert.notEqual(revoked.isError, true, text(revoked));
        const bad = (await client.callTool({ name: 'revoke_key', arguments: { key: 'no-such-key' } })) as CallToolResult;
        assert.equal(bad.isError, true);
      } finally {
        await client.close();
      }
    });

    test('tunnel_status answers, or says clearly that the server has no tunnels route', async () => {
      const client = await connect(adminToken);
      try {
        const r = (await client.callTool({ name: 'tunnel_status', arguments: {} })) as CallToolResult;
        const probe = await fetch(`${server.url}/api/tunnels`, { headers: { authorization: `Bearer ${adminToken}` } });
        if (probe.status === 404) {
          assert.equal(r.isError, true);
          assert.match(text(r), /no tunnel support \(GET \/api\/tunnels answered 404\)/);
        } else {
          assert.equal(r.isError === true, probe.status >= 400, text(r));
        }
      } finally {
        await client.close();
      }
    });
  });
}

test('save_combo creates, then changes, a combo', async () => {
  const add = await runCli(['providers', 'add', 'custom-a', '--base-url', 'http://127.0.0.1:9/v1', '--models', 'm1,m2', '--json'], { env });
  assert.equal(add.code, 0, add.stderr);
  const client = await httpClient(adminToken);
  try {
    const first = (await client.callTool({ name: 'save_combo', arguments: { name: 'c1', strategy: 'fallback', targets: ['custom-a/m1'] } })) as CallToolResult;
    assert.notEqual(first.isError, true, text(first));
    const second = (await client.callTool({ name: 'save_combo', arguments: { name: 'c1', strategy: 'fallback', targets: ['custom-a/m2', 'custom-a/m1'] } })) as CallToolResult;
    assert.notEqual(second.isError, true, text(second));
    const combos = JSON.parse(text((await client.callTool({ name: 'list_combos', arguments: {} })) as CallToolResult)) as { combos: { name: string; targets: { model: string }[] }[] };
    assert.deepEqual(combos.combos.find((c) => c.name === 'c1')?.targets.map((t) => t.model), ['custom-a/m2', 'custom-a/m1']);
  } finally {
    await client.close();
  }
});

// Issue 16: the real Claude Code registers Switchyard's MCP server over
// Streamable HTTP (`claude mcp add --transport http … --header "Authorization:
// Bearer …"`) and `claude mcp list` reports it connected, which it checks by
// running the MCP handshake against /api/mcp/. A wrong or revoked token is
// listed as failed. Real `switchyard start` process, tokens from the CLI,
// Claude Code with its own config dir and HOME in a temp sandbox.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { json, runCli, startServerProcess, tempDir, type ServerProcess, type TempDir } from '../helpers/cli.js';
import { makeSandbox, runClaude, type AgentSandbox } from '../helpers/coding-agents.js';

let dir: TempDir;
let server: ServerProcess;
let env: Record<string, string>;
let sandbox: AgentSandbox;

before(async () => {
  dir = tempDir('mcp-claude');
  server = await startServerProcess({ stateDir: join(dir.path, 'state') });
  env = { SWITCHYARD_HOME: join(dir.path, 'home'), SWITCHYARD_URL: server.url };
  sandbox = makeSandbox('mcp-claude');
});

after(async () => {
  await server?.stop();
  dir?.cleanup();
  sandbox?.cleanup();
});

async function mint(name: string, scope: string): Promise<{ id: string; token: string }> {
  const r = await runCli(['tokens', 'create', '--name', name, '--scope', scope, '--json'], { env });
  assert.equal(r.code, 0, r.stderr);
  return json<{ id: string; token: string }>(r);
}

/** `claude mcp …` in its own config dir (one per test, so the servers listed are only that test's). */
function claude(configDir: string, args: string[]) {
  return runClaude(['mcp', ...args], { sandbox, configDir: join(sandbox.root, configDir), env: {} });
}

const say = (r: { code: number | null; stdout: string; stderr: string }) => `exit ${r.code}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}\n--- server ---\n${server.output()}`;

/** The line `claude mcp list` prints for `name`. */
function listed(stdout: string, name: string): string {
  return stdout.split('\n').find((l) => l.startsWith(`${name}: `)) ?? `(no line for ${name})`;
}

test('claude mcp add --transport http with a read token, then claude mcp list: connected', { timeout: 120_000 }, async () => {
  const { token } = await mint('claude-code', 'read');
  const url = `${server.url}/api/mcp/`;
  const added = await claude('cfg-ok', ['add', '--transport', 'http', 'switchyard', url, '--header', `Authorization: Bearer ${token}`]);
  assert.equal(added.code, 0, say(added));
  assert.doesNotMatch(added.stdout + added.stderr, new RegExp(token), 'Claude Code does not echo the token');

  const list = await claude('cfg-ok', ['list']);
  assert.equal(list.code, 0, say(list));
  assert.match(listed(list.stdout, 'switchyard'), new RegExp(`^switchyard: ${url.replace(/[.]/g, '\\.')} \\(HTTP\\) - ✔ Connected$`), say(list));

  const got = await claude('cfg-ok', ['get', 'switchyard']);
  assert.match(got.stdout, /Status: ✔ Connected/, say(got));
});

test('a wrong token and a revoked one: claude mcp list reports both failed, and the revoked use is audited', { timeout: 120_000 }, async () => {
  const url = `${server.url}/api/mcp/`;
  const revoked = await mint('claude-code-revoked', 'read');
  const r = await runCli(['tokens', 'revoke', revoked.id], { env });
  assert.equal(r.code, 0, r.stderr);
  // Well formed, but no such token: the real one with its secret part changed.
  const { token: real } = await mint('claude-code-real', 'read');
  const wrong = real.slice(0, -6) + (real.endsWith('AAAAAA') ? 'BBBBBB' : 'AAAAAA');
  for (const [name, token] of [
    ['wrong', wrong],
    ['revoked', revoked.token],
  ] as const) {
    const added = await claude('cfg-bad', ['add', '--transport', 'http', name, url, '--header', `Authorization: Bearer ${token}`]);
    assert.equal(added.code, 0, say(added));
  }
  const list = await claude('cfg-bad', ['list']);
  assert.equal(list.code, 0, say(list));
  for (const name of ['wrong', 'revoked']) {
    const line = listed(list.stdout, name);
    assert.match(line, /✘ Failed to connect$/, say(list));
    assert.doesNotMatch(line, /Connected$/, say(list));
  }

  const admin = await mint('audit-reader', 'admin');
  const res = await fetch(`${server.url}/api/audit?limit=500`, { headers: { authorization: `Bearer ${admin.token}` } });
  assert.equal(res.status, 200);
  const events = ((await res.json()) as { events: { event: string; outcome: string }[] }).events;
  assert.ok(
    events.some((e) => e.event === 'token.revoked_use' && e.outcome === 'denied'),
    `the revoked token's use was refused and audited: ${JSON.stringify(events.map((e) => e.event))}`,
  );
});

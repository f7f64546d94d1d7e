// #20 item 9: a client that goes away in the middle of its request body is an
// everyday event, logged at debug/info — not a level-50 error with a stack.
// A real server process; its pino output (stdout) is what is checked.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli, startServerProcess, tempDir, type ServerProcess, type TempDir } from '../helpers/cli.js';

let dir: TempDir;
let server: ServerProcess;
let key = '';

before(async () => {
  dir = tempDir('abort-log');
  server = await startServerProcess({ stateDir: join(dir.path, 'state'), env: { SWITCHYARD_LOG_LEVEL: 'debug' } });
  const created = await runCli(['keys', 'add', '--name', 'k', '--json'], { env: { SWITCHYARD_HOME: join(dir.path, 'home'), SWITCHYARD_URL: server.url } });
  assert.equal(created.code, 0, created.stderr);
  key = (JSON.parse(created.stdout) as { key: string }).key;
});

after(async () => {
  await server?.stop();
  dir?.cleanup();
});

/** Headers and the first bytes of a 1000-byte body, then the connection is dropped. */
async function abandon(path: string): Promise<void> {
  const { port } = new URL(server.url);
  const s = connect(Number(port), '127.0.0.1');
  s.on('error', () => {});
  await new Promise<void>((r) => s.once('connect', () => r()));
  s.write(`POST ${path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${key}\r\nx-api-key: ${key}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"mod`);
  await new Promise((r) => setTimeout(r, 200));
  s.destroy();
}

interface LogLine {
  level: number;
  msg: string;
  path?: string;
  err?: { stack?: string };
}

const lines = (): LogLine[] =>
  server
    .output()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as LogLine);

test('#20 item 9: a client that disconnects mid-body is logged at debug/info, never as an error with a stack', async () => {
  const paths = ['/api/cli/connect', '/api/auth/login', '/api/providers', '/v1/chat/completions', '/v1/responses', '/v1/messages'];
  for (const path of paths) await abandon(path);
  // The server notices the close on its next turn; give it a moment, then check it still serves.
  await new Promise((r) => setTimeout(r, 300));
  assert.equal((await fetch(`${server.url}/api/health`)).status, 200);
  const logged = lines();
  const loud = logged.filter((l) => l.level >= 40);
  assert.deepEqual(loud, [], `warnings or errors for a client that went away:\n${JSON.stringify(loud, null, 1)}`);
  assert.ok(!logged.some((l) => l.err?.stack), 'no stack trace is logged for it');
  const seen = logged.filter((l) => l.level <= 30 && /went away|aborted|refused/.test(l.msg));
  assert.ok(seen.some((l) => l.path === '/api/cli/connect'), `the abort on /api/cli/connect is logged at info:\n${server.output()}`);
  assert.ok(seen.length >= 2, 'the /v1 aborts are logged at debug');
});

// `switchyard connect` at a terminal: the password is asked with a masked
// @clack/prompts prompt (a pseudo-terminal from util-linux `script`), never echoed.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { cleanEnv, ROOT, startServerProcess, tempDir, type ServerProcess, type TempDir } from '../helpers/cli.js';

const hasScript = spawnSync('script', ['--version']).status === 0;
let dir: TempDir;
let server: ServerProcess;

before(async () => {
  if (!hasScript) return;
  dir = tempDir('connect-tty');
  server = await startServerProcess({ stateDir: join(dir.path, 'state') });
});

after(async () => {
  await server?.stop();
  dir?.cleanup();
});

test('connect prompts for the password with masking', { skip: !hasScript && 'util-linux script is not installed' }, async () => {
  const cmd = `stty cols 120 rows 40; exec ${process.execPath} --import tsx ${join(ROOT, 'src/cli/main.ts')} connect ${server.url} --name tty`;
  const child = spawn('script', ['-qfec', cmd, '/dev/null'], {
    cwd: ROOT,
    env: cleanEnv({ SWITCHYARD_HOME: join(dir.path, 'home'), TERM: 'xterm' }),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<number | null>((r) => child.once('close', (code) => r(code)));
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  try {
    await new Promise<void>((resolve, reject) => {
      const onData = (c: Buffer) => {
        out += c.toString('utf8');
        if (out.includes('Management password')) {
          child.stdout.off('data', onData);
          resolve();
        }
      };
      child.stdout.on('data', onData);
      void exited.then(() => reject(new Error(`exited before the prompt:\n${out}`)));
    });
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stdin.write(`${server.password}\r`);
    assert.equal(await exited, 0, out);
  } finally {
    clearTimeout(killer);
    child.kill('SIGKILL');
  }
  assert.match(out, /✔ Connected to http:\/\/127\.0\.0\.1:\d+ — context 'tty' \(scope: admin\)/);
  assert.ok(!out.includes(server.password), 'the password was echoed');
});

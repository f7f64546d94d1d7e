// `switchyard configure codex` with no flags at a terminal: the @clack/prompts
// pick (provider, model, profile name). A pseudo-terminal comes from util-linux
// `script`; keys are sent only after the prompt they answer has appeared.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'smol-toml';
import { cleanEnv, ROOT, runCli, startServerProcess, tempDir, type ServerProcess, type TempDir } from '../helpers/cli.js';

const hasScript = spawnSync('script', ['--version']).status === 0;

let dir: TempDir;
let server: ServerProcess;
let env: Record<string, string>;

before(async () => {
  if (!hasScript) return;
  dir = tempDir('configure-tty');
  server = await startServerProcess({ stateDir: join(dir.path, 'state') });
  env = { SWITCHYARD_HOME: join(dir.path, 'cli'), SWITCHYARD_URL: server.url };
  for (const [name, models] of [['mock', 'm1,m2'], ['other', 'o1']]) {
    const r = await runCli(['providers', 'add', name as string, '--base-url', 'http://127.0.0.1:9/v1', '--api-key', 'x', '--models', models as string], { env });
    assert.equal(r.code, 0, r.stderr);
  }
});

after(async () => {
  await server?.stop();
  dir?.cleanup();
});

test('configure codex at a terminal asks for provider, model and profile name', { skip: !hasScript && 'util-linux script is not installed' }, async () => {
  const codexHome = join(dir.path, 'codex');
  // A pty made without a terminal around it is 0x0; clack needs a width to draw in.
  const cmd = `stty cols 120 rows 40; exec ${process.execPath} --import tsx ${join(ROOT, 'src/cli/main.ts')} configure codex`;
  const child = spawn('script', ['-qfec', cmd, '/dev/null'], { cwd: ROOT, env: cleanEnv({ ...env, CODEX_HOME: codexHome, TERM: 'xterm' }), stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  const waiters: { text: string; from: number; resolve: () => void }[] = [];
  const check = () => {
    for (const w of [...waiters]) {
      if (out.indexOf(w.text, w.from) >= 0) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString('utf8');
    check();
  });
  let closed = false;
  const exited = new Promise<number | null>((r) =>
    child.once('close', (code) => {
      closed = true;
      r(code);
    }),
  );
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const waitFor = (text: string) =>
    Promise.race([
      new Promise<void>((resolve) => {
        waiters.push({ text, from: out.length, resolve });
        check();
      }),
      exited.then(() => {
        if (!closed || out.includes(text)) return;
        throw new Error(`exited before '${text}' appeared:\n${out}`);
      }),
    ]);
  try {
    await waitFor('Provider');
    child.stdin.write('\x1b[B'); // down: from 'mock' to 'other'
    child.stdin.write('\r');
    await waitFor('Model');
    child.stdin.write('\r'); // other/o1, the only model
    await waitFor('Profile name');
    child.stdin.write('mine\r');
    const code = await exited;
    assert.equal(code, 0, out);
  } finally {
    clearTimeout(killer);
    child.kill('SIGKILL');
  }
  assert.match(out, /Use it: {2}codex --profile mine/);
  const profile = join(codexHome, 'mine.config.toml');
  assert.ok(existsSync(profile), out);
  const doc = parse(readFileSync(profile, 'utf8'));
  assert.equal(doc.model, 'other/o1');
  assert.equal(doc.model_provider, 'switchyard');
});

// The CLI as people type it (#16 item 4), run as a process against a real
// server: global options before or after the subcommand, --token and --quiet,
// shell completion scripts that a shell accepts and that complete, an example
// in every command's help, and the nearest command suggested for a typo.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { json, runCli, startServerProcess, tempDir, type ServerProcess, type TempDir } from '../helpers/cli.js';

let dir: TempDir;
let server: ServerProcess;
let env: Record<string, string>;
const cli = (...args: string[]) => runCli(args, { env });

before(async () => {
  dir = tempDir('cli-ergo');
  server = await startServerProcess({ stateDir: join(dir.path, 'state') });
  // No SWITCHYARD_URL: the server comes from --server only.
  env = { SWITCHYARD_HOME: join(dir.path, 'home') };
  const seeded = await cli('--server', server.url, 'providers', 'add', 'local', '--base-url', 'http://127.0.0.1:9/v1', '--models', 'm1,m2');
  assert.equal(seeded.code, 0, seeded.stderr);
});

after(async () => {
  await server?.stop();
  dir?.cleanup();
});

test('global options work before, between and after the subcommand, with the same output', async () => {
  const before = await cli('--server', server.url, '--json', 'models', 'list');
  const afterIt = await cli('models', 'list', '--server', server.url, '--json');
  const between = await cli('models', '--json', 'list', `--server=${server.url}`);
  for (const r of [before, afterIt, between]) assert.equal(r.code, 0, r.stderr);
  assert.equal(afterIt.stdout, before.stdout);
  assert.equal(between.stdout, before.stdout);
  const models = json<{ id: string }[] | { models: { id: string }[] }>(before);
  assert.match(JSON.stringify(models), /local\/m1/);
  // And a human table is not JSON: --json really took effect in every position.
  const table = await cli('models', 'list', '--server', server.url);
  assert.equal(table.code, 0, table.stderr);
  assert.notEqual(table.stdout, before.stdout);
  assert.throws(() => JSON.parse(table.stdout));
});

test('--token replaces the credential (a bad one is refused: exit 3); --quiet drops confirmations only', async () => {
  const bad = await cli('--token', 'sya_live_not-a-real-token', 'models', 'list', '--server', server.url);
  assert.equal(bad.code, 3, `${bad.stdout}\n${bad.stderr}`);
  const empty = await cli('models', 'list', '--server', server.url, '--token', '');
  assert.equal(empty.code, 2);
  assert.match(empty.stderr, /--token needs a value/);

  const loud = await cli('combos', 'add', 'c-loud', '--target', 'local/m1', '--server', server.url);
  assert.equal(loud.code, 0, loud.stderr);
  assert.match(loud.stdout, /✔ Created combo 'c-loud'/);
  const quiet = await cli('--quiet', 'combos', 'add', 'c-quiet', '--target', 'local/m1', '--server', server.url);
  assert.equal(quiet.code, 0, quiet.stderr);
  assert.equal(quiet.stdout, '');
  const listed = json<{ name: string }[]>(await cli('combos', 'list', '--json', '--quiet', '--server', server.url));
  assert.ok(listed.some((c) => c.name === 'c-quiet'), 'quiet still did the work and still prints data');
});

test('a server flag on a command that does not use the saved server is a usage error, not silently ignored', async () => {
  const r = await cli('contexts', 'list', '--server', server.url);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--server has no effect on 'switchyard contexts list'/);
  assert.equal((await cli('contexts', 'list', '--json')).code, 0, '--json is fine there');
});

test('unknown commands and options suggest the nearest one (exit 2)', async () => {
  const top = await cli('modles', 'list');
  assert.equal(top.code, 2);
  assert.match(top.stderr, /unknown command 'modles'[\s\S]*Did you mean models\?/);
  const sub = await cli('providers', 'sycn');
  assert.equal(sub.code, 2);
  assert.match(sub.stderr, /Did you mean sync\?/);
  const opt = await cli('models', 'list', '--jsno');
  assert.equal(opt.code, 2);
  assert.match(opt.stderr, /Did you mean --json\?/);
});

function bashComplete(script: string, line: string[]): string[] {
  const file = join(dir.path, 'complete.bash');
  writeFileSync(file, script);
  const words = line.map((w) => `'${w}'`).join(' ');
  const r = spawnSync('bash', ['-c', `source ${file}; COMP_WORDS=(${words}); COMP_CWORD=${line.length - 1}; _switchyard; printf '%s\\n' "\${COMPREPLY[@]}"`], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').filter(Boolean);
}

test('completion bash is valid bash and completes commands, subcommands and options at any depth', async () => {
  const r = await cli('completion', 'bash');
  assert.equal(r.code, 0, r.stderr);
  const file = join(dir.path, 'switchyard.bash');
  writeFileSync(file, r.stdout);
  const syntax = spawnSync('bash', ['-n', file], { encoding: 'utf8' });
  assert.equal(syntax.status, 0, syntax.stderr);
  assert.deepEqual(bashComplete(r.stdout, ['switchyard', 'prov']), ['providers']);
  assert.deepEqual(bashComplete(r.stdout, ['switchyard', '--json', 'providers', 's']).sort(), ['status', 'sync']);
  assert.deepEqual(bashComplete(r.stdout, ['switchyard', '--server', 'http://x', 'models', 'list', '--pr']), ['--provider']);
  assert.ok(bashComplete(r.stdout, ['switchyard', 'keys', 'add', '--']).includes('--server'), 'global options at depth');
  assert.deepEqual(bashComplete(r.stdout, ['switchyard', 'completion', '']), []);
});

test('completion zsh and fish print scripts for every command; an unknown shell is a usage error', async () => {
  for (const shell of ['zsh', 'fish']) {
    const r = await cli('completion', shell);
    assert.equal(r.code, 0, r.stderr);
    const server = shell === 'fish' ? '-l server -r' : '--server';
    for (const word of ['providers', 'sync', 'tunnels', server, 'completion']) assert.ok(r.stdout.includes(word), `${shell}: ${word}`);
    // The shells themselves judge the scripts where they are installed (apt-get install zsh fish).
    if (spawnSync(shell, ['--version']).status !== 0) continue;
    const file = join(dir.path, `switchyard.${shell}`);
    writeFileSync(file, r.stdout);
    const syntax = spawnSync(shell, ['-n', file], { encoding: 'utf8' });
    assert.equal(syntax.status, 0, `${shell} -n: ${syntax.stderr}`);
    const probe =
      shell === 'fish'
        ? `source ${file}; complete -C 'switchyard --json providers s'; complete -C 'switchyard models list --pr'`
        : // compadd only exists inside zsh's completion system: a stub prints what would be offered.
          `compdef() {}; compadd() { shift; print -l -- "$@"; }; source ${file}; words=(switchyard --json providers s); CURRENT=4; _switchyard; words=(switchyard models list --pr); CURRENT=4; _switchyard`;
    const run = spawnSync(shell, shell === 'zsh' ? ['-fc', probe] : ['-c', probe], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const offered = run.stdout.split('\n').map((l) => l.split('\t')[0]);
    for (const want of ['status', 'sync', '--provider']) assert.ok(offered.includes(want), `${shell} offers ${want}: ${run.stdout}`);
  }
  assert.match((await runCli(['completion', 'zsh'])).stdout, /^#compdef switchyard/);
  const bad = await cli('completion', 'powershell');
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /unknown shell 'powershell'; use one of: bash, zsh, fish/);
});

test("every command's --help ends with an example of that command", async () => {
  // The command tree, as the completion script lists it (the same tree commander parses).
  const script = (await cli('completion', 'bash')).stdout;
  const subs = script.slice(0, script.indexOf('_switchyard_opts'));
  const paths = [...subs.matchAll(/^ {4}"([^"]*)"\)/gm)].map((m) => m[1] as string);
  assert.ok(paths.length > 40, `only ${paths.length} commands found`);
  const missing: string[] = [];
  const queue = [...paths];
  const worker = async () => {
    for (let p = queue.shift(); p !== undefined; p = queue.shift()) {
      const r = await cli(...(p ? p.split(' ') : []), '--help');
      const block = /\nExamples?:\n((?: {2}\$ .+\n)+)/.exec(r.stdout);
      const first = p.split(' ')[0] as string;
      if (r.code !== 0 || !block || (p !== '' && !(block[1] as string).includes(first))) missing.push(`${p || '(program)'}: ${r.code} ${r.stderr}`);
    }
  };
  await Promise.all([worker(), worker()]);
  assert.deepEqual(missing, []);
});

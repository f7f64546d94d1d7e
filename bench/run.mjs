// `npm run bench [-- options]`: measures Switchyard beside a direct call, a bare
// proxy and the Portkey OSS gateway, all on 127.0.0.1, and writes
// bench/results/<out>.md and .json. See bench/README.md.
//   --quick            1 round of 1 s per run, short warm-up, fewer cells (a smoke check, < 3 min)
//   --rounds N         interleaved rounds (default 5)
//   --seconds S        whole seconds per run (default 5)
//   --only a,b         cells to run (ids from bench/lib/cells.mjs; `matrix` for the eight big-body matrix cells)
//   --no-portkey       skip the Portkey reference
//   --no-build         use dist/ as it is
//   --profile          run Switchyard under --cpu-prof and summarise where its CPU goes
//   --variant DIR      also run the Switchyard of another checkout (built there), beside every
//                      switchyard run: compares a change in the same window of machine load
//   --out NAME         results file name (default latest; quick: quick; profile: profile)
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CELL_ALIASES, CELLS, MINIMAL_VARIANTS, NO_METRICS, PG_PLAIN, PG_RPM, runLabel } from './lib/cells.mjs';
import { measureGaps, measureMemory } from './lib/big-load.mjs';
import { measure, measureTogether } from './lib/measure.mjs';
import { machineTicks, memory, sleep } from './lib/proc.mjs';
import { renderProfile, summarizeProfile } from './lib/profile-summary.mjs';
import { evaluateSpecial, evaluateTargets, renderMarkdown, renderSpecial, summarize } from './lib/report.mjs';
import { freePort, measureStartup } from './lib/startup.mjs';
import { seedSwitchyard, startBare, startMinimal, startMock, startPortkey, startSwitchyard } from './lib/targets.mjs';
import { ensureWrk } from './lib/wrk.mjs';

const benchDir = dirname(fileURLToPath(import.meta.url));
const root = dirname(benchDir);
const argv = process.argv.slice(2);
const flag = (n) => argv.includes(n);
const opt = (n, d) => (argv.includes(n) ? argv[argv.indexOf(n) + 1] : d);

const quick = flag('--quick');
const profile = flag('--profile');
const rounds = Number(opt('--rounds', quick ? 1 : 5));
const seconds = Number(opt('--seconds', quick ? 1 : 5));
const warmSeconds = quick ? 1 : 3;
const only = opt('--only', null)?.split(',').map((id) => CELL_ALIASES[id] ?? id);
const withPortkey = !flag('--no-portkey');
const outName = opt('--out', quick ? 'quick' : profile ? 'profile' : 'latest');
const resultsDir = join(benchDir, 'results');

let cells = only ? CELLS.filter((c) => only.includes(c.id) || (c.matrix && only.includes('matrix'))) : CELLS;
// A quick run is a smoke check (under 3 minutes): the cells loaded together, whose small ratios one 1 s window cannot
// judge, are left out, and so are the big-body matrix cells marked `full` (all but the two the verdicts read).
if (quick && !only) cells = cells.filter((c) => !c.together && !c.full);
if (!withPortkey) cells = cells.map((c) => ({ ...c, runs: c.runs.filter((r) => r.target !== 'portkey') }));
const variant = opt('--variant', null);
if (variant) {
  const twin = (r) => (r.target === 'switchyard' ? [r, { ...r, target: 'switchyard variant', label: `${runLabel(r)} [variant]` }] : [r]);
  cells = cells.map((c) => ({ ...c, runs: c.runs.flatMap(twin) }));
}
// The shared-limit cell needs a PostgreSQL server to create its two databases on.
const pgAdmin = process.env.SWITCHYARD_BENCH_PG_URL ?? process.env.SWITCHYARD_TEST_PG_URL ?? null;
const PG_TARGETS = [PG_RPM, PG_PLAIN];
if (!pgAdmin && cells.some((c) => c.runs.some((r) => PG_TARGETS.includes(r.target)))) {
  process.stderr.write('bench: no SWITCHYARD_BENCH_PG_URL: the shared rate-limit cell is skipped\n');
  cells = cells.filter((c) => !c.runs.some((r) => PG_TARGETS.includes(r.target)));
}
const needs = new Set(cells.flatMap((c) => c.runs.map((r) => r.target)));
const warmScenarios = ['chat', 'stream'].filter((s) => cells.some((c) => c.runs.some((r) => r.scenario === s || (s === 'stream' && r.scenario === 'responses'))));

const log = (msg) => process.stderr.write(`bench: ${msg}\n`);
const tmp = mkdtempSync(join(tmpdir(), 'switchyard-bench-'));
const home = join(tmp, 'home');
mkdirSync(home, { recursive: true });
const targets = new Map();
const profileDir = join(tmp, 'profiles');

async function stopAll() {
  await Promise.all([...targets.values()].map((t) => t.stop()));
  targets.clear();
}
process.once('SIGINT', () => void stopAll().finally(() => process.exit(130)));

async function startTargets(mock) {
  targets.set('direct', mock);
  if (needs.has('bare proxy')) targets.set('bare proxy', await startBare(benchDir, mock));
  if (needs.has('portkey')) targets.set('portkey', await startPortkey(benchDir, mock, await freePort()));
  const key = seedSwitchyard(root, join(tmp, 'sy1'), mock);
  const nodeArgs = profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  targets.set('switchyard', await startSwitchyard(root, { name: 'switchyard', stateDir: join(tmp, 'sy1'), home, key, nodeArgs }));
  for (const [name, skip] of Object.entries(MINIMAL_VARIANTS)) {
    if (needs.has(name)) targets.set(name, await startMinimal(benchDir, mock, { name, key, dbFile: join(tmp, `${name.replace(/\W+/g, '-')}.db`), skip }));
  }
  if (variant) {
    const keyV = seedSwitchyard(variant, join(tmp, 'syv'), mock) // its own schema: an older checkout refuses a newer database;
    targets.set('switchyard variant', await startSwitchyard(variant, { name: 'switchyard variant', stateDir: join(tmp, 'syv'), home, key: keyV }));
  }
  if (needs.has('switchyard 10k keys')) {
    const key10k = seedSwitchyard(root, join(tmp, 'sy10k'), mock, { extraKeys: 10_000 });
    targets.set('switchyard 10k keys', await startSwitchyard(root, { name: 'switchyard 10k keys', stateDir: join(tmp, 'sy10k'), home, key: key10k }));
  }
  if (needs.has(NO_METRICS)) {
    const keyNm = seedSwitchyard(root, join(tmp, 'synm'), mock);
    targets.set(NO_METRICS, await startSwitchyard(root, { name: NO_METRICS, stateDir: join(tmp, 'synm'), home, key: keyNm, env: { SWITCHYARD_METRICS: 'off' } }));
  }
  for (const [i, name] of PG_TARGETS.entries()) {
    if (!needs.has(name)) continue;
    const databaseUrl = await freshPgDatabase(pgAdmin, `sy_bench_${process.pid}_${i}`);
    const stateDir = join(tmp, `sypg${i}`);
    const keyPg = seedSwitchyard(root, stateDir, mock, { databaseUrl, rpmLimit: name === PG_RPM ? 10_000_000 : undefined });
    targets.set(name, await startSwitchyard(root, { name, stateDir, home, key: keyPg, databaseUrl }));
  }
  if (needs.has('switchyard fallback')) {
    // Enough never-failed combos for every request of the fallback cell (see cells.mjs).
    const keyFb = seedSwitchyard(root, join(tmp, 'syfb'), mock, { failCombos: quick ? 8_000 : 80_000 });
    targets.set('switchyard fallback', await startSwitchyard(root, { name: 'switchyard fallback', stateDir: join(tmp, 'syfb'), home, key: keyFb }));
  }
}

const pgDatabases = [];
/** A new empty database on the admin URL's server (dropped when the run ends). */
async function freshPgDatabase(admin, name) {
  const { default: pg } = await import('pg');
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  try {
    await c.query(`drop database if exists ${name}`);
    await c.query(`create database ${name}`);
  } finally {
    await c.end();
  }
  pgDatabases.push(name);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

async function dropPgDatabases() {
  if (pgDatabases.length === 0) return;
  const { default: pg } = await import('pg');
  const c = new pg.Client({ connectionString: pgAdmin });
  await c.connect();
  try {
    for (const name of pgDatabases.splice(0)) await c.query(`drop database if exists ${name} with (force)`);
  } finally {
    await c.end();
  }
}

async function warmUp() {
  // JIT warm-up for every target on the two shapes that matter most, then per run.
  const warmCell = { id: 'warm', load: 'wrk', c: 16 };
  for (const [name, t] of targets) {
    for (const scenario of warmScenarios) {
      if (!t.shape(scenario)) continue;
      await measure({ benchDir, tmp, cell: warmCell, run: { target: name, scenario }, target: t, seconds: warmSeconds, mockBase: targets.get('direct').base });
    }
  }
  if (quick) return;
  for (const cell of regular())
    for (const run of cell.runs) await measure({ benchDir, tmp, cell, run, target: targets.get(run.target), seconds: 1, mockBase: targets.get('direct').base });
}

const regular = () => cells.filter((c) => !c.special);

/** The cells measured once, after the rounds (bench/lib/big-load.mjs). */
async function measureSpecial() {
  const out = {};
  for (const cell of cells.filter((c) => c.special)) {
    const tCell = Date.now();
    log(`${cell.id}…`);
    if (cell.special === 'gaps') {
      out[cell.id] = { cell, ...(await measureGaps({ benchDir, tmp, cell, targets, seconds: quick ? 2 : Math.max(3, seconds) })) };
    } else {
      const runs = {};
      for (const run of cell.runs) runs[run.target] = await measureMemory({ tmp, cell, run, target: targets.get(run.target), rounds: quick ? 3 : 10, seconds: quick ? 1 : 2, settleMs: 1500 });
      out[cell.id] = { cell, runs };
    }
    log(`  ${cell.id}: ${((Date.now() - tCell) / 1000).toFixed(1)} s`);
  }
  return out;
}

function gitCommit() {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no', 'src'], { cwd: root }).toString().trim() !== '';
    return dirty ? `${head} + uncommitted changes in src/` : head;
  } catch {
    return 'unknown';
  }
}

async function main() {
  const t0 = Date.now();
  const commit = gitCommit(); // before the build: what is measured is what was built
  ensureWrk();
  if (!flag('--no-build')) {
    log('building (npm run build)…');
    for (const dir of variant ? [root, variant] : [root]) execFileSync('npm', ['run', 'build', '--silent'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  log('measuring start to healthy…');
  const startup = await measureStartup(root, home, join(tmp, 'startup'), quick ? 3 : 7, quick ? 1 : 5);
  const mock = await startMock(benchDir);
  await startTargets(mock);
  await sleep(1000);
  const idle = {};
  for (const [name, t] of targets) if (name !== 'direct') idle[name] = memory(t.pid).rss / 2 ** 20;
  log(`targets up after ${((Date.now() - t0) / 1000).toFixed(1)} s: ${[...targets.keys()].join(', ')}; warming up…`);
  const tWarm = Date.now();
  await warmUp();
  log(`warm-up: ${((Date.now() - tWarm) / 1000).toFixed(1)} s`);

  const samples = {};
  const ticks0 = machineTicks();
  for (let round = 0; round < rounds; round++) {
    log(`round ${round + 1}/${rounds}`);
    for (const cell of regular()) {
      const tCell = Date.now();
      const n = cell.runs.length;
      // An instance that only this cell uses sat idle through the other cells (V8 shrank its heap
      // meanwhile): its first window came out up to 87 % dearer than the busy instance's. One
      // unmeasured second together brings both back to the same state.
      if (cell.together) await measureTogether({ tmp, cell, runs: cell.runs, targets, seconds: 1 });
      for (let rep = 0; rep < (cell.repeat ?? 1); rep++) {
        if (cell.together) {
          const rs = await measureTogether({ tmp, cell, runs: cell.runs, targets, seconds, rotate: round + rep });
          cell.runs.forEach((run, i) => ((samples[cell.id] ??= {})[runLabel(run)] ??= []).push(rs[i]));
          continue;
        }
        for (let i = 0; i < n; i++) {
          const run = cell.runs[(i + round + rep) % n]; // rotate the order so drift does not favour one target
          const r = await measure({ benchDir, tmp, cell, run, target: targets.get(run.target), seconds, mockBase: mock.base });
          ((samples[cell.id] ??= {})[runLabel(run)] ??= []).push(r);
        }
      }
      log(`  ${cell.id}: ${((Date.now() - tCell) / 1000).toFixed(1)} s`);
    }
  }
  const special = await measureSpecial();
  const ticks1 = machineTicks();
  await stopAll();

  const results = summarize(regular(), samples);
  const targetsEval = [...evaluateTargets(results, startup), ...evaluateSpecial(special)];
  const meta = {
    date: new Date().toISOString(),
    mode: quick ? 'quick' : 'full',
    commit,
    node: process.versions.node,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown CPU',
    loadavg: loadavg()[0].toFixed(2),
    stealPct: (((ticks1.steal - ticks0.steal) / Math.max(1, ticks1.total - ticks0.total)) * 100).toFixed(1),
    rounds,
    seconds,
    wallSeconds: Math.round((Date.now() - t0) / 1000),
  };
  let md = renderMarkdown({ meta, results, targets: targetsEval, startup, idle }) + renderSpecial(special);
  let prof = null;
  if (profile) {
    const file = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
    if (file) {
      mkdirSync(resultsDir, { recursive: true });
      copyFileSync(join(profileDir, file), join(resultsDir, `${outName}.cpuprofile`));
      prof = summarizeProfile(join(profileDir, file), 40);
      md += `\n## Profile of Switchyard across the whole run\n\n${renderProfile(prof)}\n`;
    }
  }
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, `${outName}.md`), md);
  writeFileSync(join(resultsDir, `${outName}.json`), JSON.stringify({ meta, targets: targetsEval, startup, idleRssMB: idle, results, special, profile: prof }, null, 2) + '\n');
  process.stdout.write(md + '\n');
  log(`wrote bench/results/${outName}.md and .json in ${meta.wallSeconds} s`);
}

try {
  await main();
} catch (err) {
  process.stderr.write(`bench: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
} finally {
  await stopAll();
  await dropPgDatabases().catch((err) => process.stderr.write(`bench: dropping the PostgreSQL databases failed: ${String(err)}\n`));
  rmSync(tmp, { recursive: true, force: true });
}

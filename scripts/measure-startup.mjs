// Measures what a user feels when starting Switchyard: the time from spawning
// `node bin/switchyard.js start` to the first healthy `/api/health`, and the
// resident memory (VmRSS) after ~2 s idle. Builds first when dist/ is missing or
// older than src/. Each run uses a throw-away state directory: a first start,
// then a restart on that state (the figure that matters day to day).
//   npm run measure:startup [-- --runs N] [--json] [--idle-ms MS]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const json = args.includes('--json');
const valueOf = (flag, fallback) => {
  const i = args.indexOf(flag);
  return i >= 0 && args[i + 1] ? Number(args[i + 1]) : fallback;
};
const runs = valueOf('--runs', 5);
const idleMs = valueOf('--idle-ms', 2000);

function newest(dir) {
  let t = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    t = Math.max(t, s.isDirectory() ? newest(p) : s.mtimeMs);
  }
  return t;
}

function ensureBuilt() {
  const entry = join(root, 'dist/cli/main.js');
  if (existsSync(entry) && statSync(entry).mtimeMs >= newest(join(root, 'src'))) return;
  if (!json) process.stderr.write('building dist/ first…\n');
  const r = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('build failed');
}

function rssKb(pid) {
  const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error('VmRSS not found');
  return Number(m[1]);
}

/** CPU time (user + system) the process has used: steadier than wall time on a busy machine. */
function cpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of stat(5), in clock ticks (100 per second on Linux).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function waitHealthy(child, deadline) {
  let url;
  let out = '';
  child.stderr.on('data', (d) => (out += d));
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${out}`);
    url ??= /listening on (http:\/\/\S+)/.exec(out)?.[1];
    if (url) {
      try {
        const res = await fetch(`${url}/api/health`);
        if (res.ok) return url;
      } catch {}
    }
    await sleep(2);
  }
  throw new Error(`not healthy in time:\n${out}`);
}

/** Starts the server on `home`, waits for health, idles, reads RSS, stops it. */
async function startOnce(home) {
  const env = { ...process.env, SWITCHYARD_HOME: home, SWITCHYARD_PASSWORD: 'measure-startup-password', SWITCHYARD_LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(root, 'bin/switchyard.js'), 'start', '--port', '0', '--state-dir', join(home, 'state')], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  try {
    await waitHealthy(child, t0 + 15_000);
    const startMs = performance.now() - t0;
    const startCpuMs = cpuMs(child.pid);
    await sleep(idleMs);
    return { startMs, startCpuMs, idleRssMb: rssKb(child.pid) / 1024 };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
  }
}

/** A first start (creates the database, key and password hash), then a restart on the same state. */
async function once() {
  const home = mkdtempSync(join(tmpdir(), 'switchyard-startup-'));
  try {
    const first = await startOnce(home);
    const again = await startOnce(home);
    return { firstStartMs: first.startMs, startMs: again.startMs, startCpuMs: again.startCpuMs, idleRssMb: again.idleRssMb };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

ensureBuilt();
const samples = [];
for (let i = 0; i < runs; i++) samples.push(await once());
const round1 = (x) => Math.round(x * 10) / 10;
const result = {
  runs,
  idleMs,
  startToHealthyMs: Math.round(median(samples.map((s) => s.startMs))),
  firstStartToHealthyMs: Math.round(median(samples.map((s) => s.firstStartMs))),
  cpuMsToHealthy: Math.round(median(samples.map((s) => s.startCpuMs))),
  idleRssMb: round1(median(samples.map((s) => s.idleRssMb))),
  samples: samples.map((s) => ({
    firstStartMs: Math.round(s.firstStartMs),
    startMs: Math.round(s.startMs),
    startCpuMs: Math.round(s.startCpuMs),
    idleRssMb: round1(s.idleRssMb),
  })),
  node: process.version,
  loadAverage: loadavg().map(round1),
};
if (json) {
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
} else {
  process.stdout.write(
    `start → healthy /api/health: ${result.startToHealthyMs} ms (restart on existing state; median of ${runs}; target ≤ 500 ms)\n` +
      `first start → healthy:       ${result.firstStartToHealthyMs} ms (creates database, secret key, password hash)\n` +
      `CPU time used until healthy:  ${result.cpuMsToHealthy} ms (restart; independent of other load)\n` +
      `idle RSS after ${idleMs} ms:     ${result.idleRssMb} MB (target ≤ 70 MB)\n` +
      `load average while measuring: ${result.loadAverage.join(' ')} (a busy machine slows start-up)\n`,
  );
}

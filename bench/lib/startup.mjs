// Time from `switchyard start` (process spawn) to the first 200 from
// /api/health, and resident memory once idle. The first start of an instance
// creates its database and hashes the management password; later starts open
// an existing one, which is what a restart costs.
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { memory, sleep, stopChild } from './proc.mjs';
import { switchyardEnv } from './targets.mjs';

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function healthy(port) {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/api/health', timeout: 500 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

/** Starts Switchyard once on `stateDir`, returns ms to healthy and (optionally) idle RSS. */
async function startOnce(root, home, stateDir, idleWaitMs) {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(root, 'bin/switchyard.js'), 'start', '--port', String(port), '--state-dir', stateDir], {
    env: switchyardEnv(home),
    stdio: 'ignore',
  });
  try {
    while (!(await healthy(port))) {
      if (child.exitCode !== null) throw new Error(`switchyard exited with ${child.exitCode} during start`);
      if (performance.now() - t0 > 20_000) throw new Error('switchyard did not become healthy in 20 s');
      await sleep(2);
    }
    const ms = performance.now() - t0;
    let idleRssMB = null;
    if (idleWaitMs) {
      await sleep(idleWaitMs);
      idleRssMB = memory(child.pid).rss / 2 ** 20;
    }
    return { ms, idleRssMB };
  } finally {
    await stopChild(child);
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * First starts, each on a fresh state directory (median of `firsts`: one sample
 * swings by a third on a shared machine), then `restarts` starts on the last one.
 */
export async function measureStartup(root, home, stateDir, restarts, firsts = 5) {
  const firstTimes = [];
  let dir = stateDir;
  for (let i = 0; i < firsts; i++) {
    dir = join(stateDir, `fresh-${i}`);
    firstTimes.push((await startOnce(root, home, dir, 0)).ms);
  }
  const times = [];
  let idleRssMB = null;
  for (let i = 0; i < restarts; i++) {
    const last = i === restarts - 1;
    const r = await startOnce(root, home, dir, last ? 2000 : 0);
    times.push(r.ms);
    if (last) idleRssMB = r.idleRssMB;
  }
  return { firstStartMs: median(firstTimes), firstSamplesMs: firstTimes, restartMs: median(times), restartSamplesMs: times, idleRssMB };
}

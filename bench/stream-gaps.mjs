// Stream-gap client, run as its own process so its event loop is not the
// gateway's: `node bench/stream-gaps.mjs '<json>'` with {url, headers, body,
// healthUrl, streams, seconds}. `streams` loops each open a streamed request
// (the upstream sends a chunk every 20 ms) and time every read after the
// first: the gap between two chunks as this client sees them. Beside them,
// `/api/health` is asked every 50 ms and timed (unless healthUrl is null). The
// client's own event-loop delay is recorded too: on a shared machine a late
// read can be this process's, not the gateway's. Prints one JSON line.
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { Client, Pool } from 'undici';

const { url, headers, body, healthUrl, streams, seconds } = JSON.parse(process.argv[2]);
const u = new URL(url);
const pool = new Pool(u.origin, { connections: streams, pipelining: 1 });
const gaps = [];
const health = [];
const healthAt = []; // when each probe was sent, ms into the window
let errors = 0;
let completed = 0;
const loopDelay = monitorEventLoopDelay({ resolution: 5 });
loopDelay.enable();
let healthClient = null;
if (healthUrl) {
  const h = new URL(healthUrl);
  healthClient = new Client(h.origin, { pipelining: 1 });
  await (await healthClient.request({ path: h.pathname, method: 'GET' })).body.dump();
}
const start = performance.now();
const deadline = start + seconds * 1000;

async function oneStream() {
  const res = await pool.request({ path: u.pathname, method: 'POST', headers, body });
  if (res.statusCode !== 200) {
    errors++;
    await res.body.dump();
    return;
  }
  let last = 0;
  for await (const _chunk of res.body) {
    const now = performance.now();
    if (last) gaps.push(now - last);
    last = now;
  }
  completed++;
}

async function streamLoop() {
  while (performance.now() < deadline) {
    try {
      await oneStream();
    } catch {
      errors++;
    }
  }
}

// Health goes on a connection of its own, opened (and the first answer read) before the window
// starts: a probe must not wait for a connect beside 64 new streams, nor for a pool slot.
async function healthLoop(client, path) {
  while (performance.now() < deadline) {
    const t0 = performance.now();
    try {
      const res = await client.request({ path, method: 'GET' });
      await res.body.dump();
      health.push(performance.now() - t0);
      healthAt.push(t0 - start);
    } catch {
      errors++;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

const pct = (xs, p) => {
  if (!xs.length) return null;
  const v = [...xs].sort((a, b) => a - b);
  return v[Math.min(v.length - 1, Math.floor((p / 100) * v.length))];
};

const loops = Array.from({ length: streams }, streamLoop);
if (healthClient) loops.push(healthLoop(healthClient, new URL(healthUrl).pathname));
await Promise.all(loops);
loopDelay.disable();
await pool.close();
await healthClient?.close();
const slowest = health.indexOf(Math.max(...health));
process.stdout.write(
  JSON.stringify({
    streamsCompleted: completed,
    errors,
    gaps: { count: gaps.length, p50Ms: pct(gaps, 50), p99Ms: pct(gaps, 99), maxMs: gaps.length ? Math.max(...gaps) : null },
    // The histogram (ns) holds the whole interval between two ticks of its 5 ms timer: the lag is beyond that.
    clientLoopLag: { p99Ms: Math.max(0, loopDelay.percentile(99) / 1e6 - 5), maxMs: Math.max(0, loopDelay.max / 1e6 - 5) },
    health: { count: health.length, p50Ms: pct(health, 50), p99Ms: pct(health, 99), maxMs: health.length ? Math.max(...health) : null, maxAtMs: slowest >= 0 ? healthAt[slowest] : null },
  }) + '\n',
);

// Stream-gap client, run as its own process so its event loop is not the
// gateway's: `node bench/stream-gaps.mjs '<json>'` with {url, headers, body,
// healthUrl, streams, seconds}. `streams` loops each open a streamed request
// (the upstream sends a chunk every 20 ms) and time every read after the
// first: the gap between two chunks as this client sees them. Beside them,
// `/api/health` is asked every 50 ms and timed. Prints one JSON line.
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';

const { url, headers, body, healthUrl, streams, seconds } = JSON.parse(process.argv[2]);
const u = new URL(url);
const pool = new Pool(u.origin, { connections: streams + 2, pipelining: 1 });
const gaps = [];
const health = [];
let errors = 0;
let completed = 0;
const deadline = performance.now() + seconds * 1000;

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

async function healthLoop() {
  const h = new URL(healthUrl);
  while (performance.now() < deadline) {
    const t0 = performance.now();
    try {
      const res = await pool.request({ path: h.pathname, method: 'GET' });
      await res.body.dump();
      health.push(performance.now() - t0);
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

await Promise.all([...Array.from({ length: streams }, streamLoop), healthLoop()]);
await pool.close();
process.stdout.write(
  JSON.stringify({
    streamsCompleted: completed,
    errors,
    gaps: { count: gaps.length, p50Ms: pct(gaps, 50), p99Ms: pct(gaps, 99), maxMs: gaps.length ? Math.max(...gaps) : null },
    health: { count: health.length, p50Ms: pct(health, 50), p99Ms: pct(health, 99), maxMs: health.length ? Math.max(...health) : null },
  }) + '\n',
);

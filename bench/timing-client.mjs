// Timing client, run as its own process so its CPU is not the gateway's:
// `node bench/timing-client.mjs '<json>'` with {url, headers, bodyFile, concurrency, seconds, counterStart}.
// Each of `concurrency` loops sends a request and times the first body byte
// (TTFB) and the end of the answer (total). `__N__` in the body is replaced by a
// counter starting at counterStart, so every request can name a different
// combo. Prints one JSON line.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';

const { url, headers, bodyFile, concurrency, seconds, counterStart = 0 } = JSON.parse(process.argv[2]);
const body = readFileSync(bodyFile, 'utf8');
const templated = body.includes('__N__');
let counter = counterStart;
const u = new URL(url);
const pool = new Pool(u.origin, { connections: concurrency, pipelining: 1 });
const ttfb = [];
const total = [];
let errors = 0;
let non2xx = 0;
const start = performance.now();
const deadline = start + seconds * 1000;

async function one() {
  const t0 = performance.now();
  const payload = templated ? body.replaceAll('__N__', String(counter++)) : body;
  const res = await pool.request({ path: u.pathname + u.search, method: 'POST', headers, body: payload });
  let first = 0;
  for await (const _chunk of res.body) if (!first) first = performance.now();
  const t1 = performance.now();
  if (res.statusCode >= 300) non2xx++; // still timed: the failing-upstream run measures exactly that
  ttfb.push((first || t1) - t0);
  total.push(t1 - t0);
}

async function loop() {
  while (performance.now() < deadline) {
    try {
      await one();
    } catch {
      errors++;
    }
  }
}

await Promise.all(Array.from({ length: concurrency }, loop));
const elapsed = (performance.now() - start) / 1000;
await pool.close();

const pct = (arr, p) => {
  if (!arr.length) return null;
  const s = Float64Array.from(arr).sort();
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
process.stdout.write(
  JSON.stringify({
    requests: total.length,
    sent: counter - counterStart,
    seconds: elapsed,
    rps: total.length / elapsed,
    non2xx,
    socketErrors: errors,
    ttfbP50Ms: pct(ttfb, 50),
    ttfbP99Ms: pct(ttfb, 99),
    p50Ms: pct(total, 50),
    p99Ms: pct(total, 99),
  }) + '\n',
);

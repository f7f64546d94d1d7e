// The two cells of issue #19 that are not a load and a window (bench/README.md):
// - gaps: 64 slow streams alone, then beside 8 clients posting 1 MB bodies;
//   inter-chunk gaps and /api/health latency, from a client process of its own;
// - memory: rounds of 32 concurrent 1 MB requests; peak RSS in each round and
//   RSS once each round has settled, to see memory that is not given back.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bodyFor } from './cells.mjs';
import { memory, resetPeakRss, sleep } from './proc.mjs';
import { runWrk, writeScript } from './wrk.mjs';

const SLOW_MODEL = 'mockslow/bench-model';

function gapsClient(benchDir, input) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [join(benchDir, 'stream-gaps.mjs'), JSON.stringify(input)], { maxBuffer: 1 << 20 }, (err, stdout) => {
      if (err) return reject(err);
      resolve(JSON.parse(stdout.trim().split('\n').pop()));
    });
  });
}

/** The wrk script posting a big chat body to a target (the same shape the agent cells send). */
function bigPost(tmp, name, target, scenario) {
  const shape = target.shape(scenario);
  if (!shape) throw new Error(`${target.name} does not serve ${scenario}`);
  const bodyFile = join(tmp, `${name}.json`);
  writeFileSync(bodyFile, bodyFor(scenario, shape.model));
  return { url: target.base + shape.path, script: writeScript(tmp, name, { headers: shape.headers, bodyFile }) };
}

/**
 * How to open a slow stream on a target: Switchyard routes the `mockslow` provider to the mock's
 * `/slow/` prefix; the bare proxy forwards the path as it is, so it is sent there directly.
 */
function slowStream(target) {
  const chat = target.shape('chat');
  if (!chat) throw new Error(`${target.name} does not serve chat`);
  const viaSwitchyard = chat.model.startsWith('mock/');
  return {
    url: target.base + (viaSwitchyard ? chat.path : `/slow${chat.path}`),
    headers: chat.headers,
    body: JSON.stringify({ model: viaSwitchyard ? SLOW_MODEL : chat.model, messages: [{ role: 'user', content: 'Say hello.' }], stream: true }),
    // Only Switchyard has a health endpoint; the bare proxy is the reference for the gaps alone.
    healthUrl: viaSwitchyard ? `${target.base}/api/health` : null,
  };
}

/**
 * For each run: streams alone, then the same streams with `posters` clients posting 1 MB bodies
 * through the same process. An unmeasured second of streams first, so neither window meets a cold
 * process (with no other cell before it, the first window came out several times worse).
 */
export async function measureGaps({ benchDir, tmp, cell, targets, seconds }) {
  const runs = {};
  for (const run of cell.runs) {
    const target = targets.get(run.target);
    const input = { ...slowStream(target), streams: cell.c, seconds };
    await gapsClient(benchDir, { ...input, seconds: 1 });
    const alone = await gapsClient(benchDir, input);
    const post = bigPost(tmp, `${cell.id}-${run.target.replace(/\W+/g, '-')}-post`, target, cell.postScenario);
    // The posts start first and end after the streams, so the whole measured window is loaded.
    const posting = runWrk({ url: post.url, script: post.script, connections: cell.posters, seconds: seconds + 2 });
    await sleep(500);
    const loaded = await gapsClient(benchDir, input);
    const posts = await posting;
    runs[run.label ?? run.target] = { target: run.target, alone, loaded, posts: { requests: posts.requests, rps: posts.rps, non2xx: posts.non2xx + posts.socketErrors } };
  }
  return { runs };
}

/**
 * `rounds` windows of `cell.c` concurrent big requests; RSS at its peak in each, and after a settle.
 * The peak is VmHWM, reset at the start of each round; RSS is also sampled every 20 ms during the load,
 * which is the peak where the reset is not allowed (not root) and a cross-check where it is.
 */
export async function measureMemory({ tmp, cell, run, target, rounds, seconds, settleMs }) {
  const post = bigPost(tmp, `${cell.id}-${run.target.replace(/\W+/g, '-')}`, target, run.scenario);
  const out = { peakMB: [], sampledPeakMB: [], settledMB: [], peakFromHwm: true, requests: 0, non2xx: 0 };
  for (let i = 0; i < rounds; i++) {
    const reset = resetPeakRss(target.pid);
    let sampled = memory(target.pid).rss;
    const timer = setInterval(() => (sampled = Math.max(sampled, memory(target.pid).rss)), 20);
    const r = await runWrk({ url: post.url, script: post.script, connections: cell.c, seconds });
    clearInterval(timer);
    const mem = memory(target.pid);
    sampled = Math.max(sampled, mem.rss);
    out.peakFromHwm &&= reset;
    out.peakMB.push((reset ? mem.hwm : sampled) / 2 ** 20);
    out.sampledPeakMB.push(sampled / 2 ** 20);
    out.requests += r.requests;
    out.non2xx += r.non2xx + r.socketErrors;
    await sleep(settleMs); // let the requests' buffers be collected
    out.settledMB.push(memory(target.pid).rss / 2 ** 20);
  }
  return out;
}

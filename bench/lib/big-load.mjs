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

/** Streams alone, then the same streams with `posters` clients posting 1 MB bodies through the same process. */
export async function measureGaps({ benchDir, tmp, cell, target, seconds }) {
  const chat = target.shape('chat');
  const input = {
    url: target.base + chat.path,
    headers: chat.headers,
    body: JSON.stringify({ model: SLOW_MODEL, messages: [{ role: 'user', content: 'Say hello.' }], stream: true }),
    healthUrl: `${target.base}/api/health`,
    streams: cell.c,
    seconds,
  };
  const alone = await gapsClient(benchDir, input);
  const post = bigPost(tmp, `${cell.id}-post`, target, cell.postScenario);
  // The posts start first and end after the streams, so the whole measured window is loaded.
  const posting = runWrk({ url: post.url, script: post.script, connections: cell.posters, seconds: seconds + 2 });
  await sleep(500);
  const loaded = await gapsClient(benchDir, input);
  const posts = await posting;
  return { alone, loaded, posts: { requests: posts.requests, rps: posts.rps, non2xx: posts.non2xx } };
}

/** `rounds` windows of `cell.c` concurrent big requests; RSS at its peak in each, and after a settle. */
export async function measureMemory({ tmp, cell, run, target, rounds, seconds }) {
  const post = bigPost(tmp, `${cell.id}-${run.target.replace(/\W+/g, '-')}`, target, run.scenario);
  const out = { peakMB: [], settledMB: [], requests: 0, non2xx: 0 };
  for (let i = 0; i < rounds; i++) {
    const reset = resetPeakRss(target.pid);
    const r = await runWrk({ url: post.url, script: post.script, connections: cell.c, seconds });
    const mem = memory(target.pid);
    out.peakMB.push((reset ? mem.hwm : mem.rss) / 2 ** 20);
    out.requests += r.requests;
    out.non2xx += r.non2xx + r.socketErrors;
    await sleep(1500); // let the requests' buffers be collected
    out.settledMB.push(memory(target.pid).rss / 2 ** 20);
  }
  return out;
}

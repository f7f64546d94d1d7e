// Measures one run (a target serving a scenario under a cell's load): load from
// wrk or the SSE client in another process, and the target process's CPU time
// and peak RSS from /proc across exactly that window.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { agentScenario, bodyFor } from './cells.mjs';
import { cpuSeconds, memory, resetPeakRss } from './proc.mjs';
import { runWrk, writeScript } from './wrk.mjs';

const scriptCache = new Map();

/** The mock's counter (`/stats`) a run must move once per request: the upstream API it reaches, stream or not. */
const COUNTER = { chat: ['ok', 'stream'], messages: ['messages', 'messagesStream'], responses: ['responses', 'responsesStream'] };
function expectedCounter(run) {
  if (!run.api) return null;
  const a = agentScenario(run.scenario);
  return COUNTER[run.api][a?.stream ? 1 : 0];
}

/** The wrk script (or SSE client input) for a run, written once per bench. */
function requestFor(tmp, cellId, run, target) {
  const key = `${cellId}|${run.target}|${run.scenario}`;
  let r = scriptCache.get(key);
  if (r) return r;
  const shape = target.shape(run.scenario);
  if (!shape) throw new Error(`${target.name} does not serve scenario ${run.scenario}`);
  const name = key.replace(/\W+/g, '-');
  const body = bodyFor(run.scenario, shape.model);
  const bodyFile = join(tmp, `${name}.json`);
  writeFileSync(bodyFile, body);
  r = { url: target.base + shape.path, headers: shape.headers, body, bodyFile, script: writeScript(tmp, name, { headers: shape.headers, bodyFile }) };
  scriptCache.set(key, r);
  return r;
}

/** Where each templated run's `__N__` counter stands, so no combo name is used twice in a bench. */
const counters = new Map();

function runClient({ benchDir, url, headers, bodyFile, concurrency, seconds, counterKey }) {
  const counterStart = counters.get(counterKey) ?? 0;
  // The body goes by file: an agent-sized one is past the kernel's limit for one argument (E2BIG).
  const input = JSON.stringify({ url, headers, bodyFile, concurrency, seconds, counterStart });
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [join(benchDir, 'timing-client.mjs'), input], { maxBuffer: 1 << 20 }, (err, stdout) => {
      if (err) return reject(err);
      const r = JSON.parse(stdout.trim().split('\n').pop());
      counters.set(counterKey, counterStart + r.sent);
      resolve(r);
    });
  });
}

async function mockStats(mockBase) {
  try {
    const res = await fetch(`${mockBase}/stats`);
    return await res.json();
  } catch {
    return null;
  }
}

/**
 * One measured window. `measurePid` is the process whose cost is reported (the
 * gateway; for "direct", the mock itself).
 */
export async function measure({ benchDir, tmp, cell, run, target, seconds, mockBase }) {
  const req = requestFor(tmp, cell.id, run, target);
  const pid = target.pid;
  const stats0 = await mockStats(mockBase);
  const peakReset = resetPeakRss(pid);
  const cpu0 = cpuSeconds(pid);
  const r =
    cell.load === 'client'
      ? await runClient({ benchDir, url: req.url, headers: req.headers, bodyFile: req.bodyFile, concurrency: cell.c, seconds, counterKey: `${run.target}|${run.scenario}` })
      : await runWrk({ url: req.url, script: req.script, connections: cell.c, seconds });
  const cpu1 = cpuSeconds(pid);
  const mem = memory(pid);
  const stats1 = await mockStats(mockBase);
  const upstream =
    stats0 && stats1
      ? { fail: stats1.fail - stats0.fail, ok: stats1.ok + stats1.stream - stats0.ok - stats0.stream, conns: stats1.connections - stats0.connections }
      : null;
  const counter = expectedCounter(run);
  return {
    ...r,
    cpuUsPerReq: r.requests ? ((cpu1 - cpu0) * 1e6) / r.requests : null,
    cpuSeconds: cpu1 - cpu0,
    peakRssMB: (peakReset ? mem.hwm : mem.rss) / 2 ** 20,
    failedAttemptsPerReq: upstream && r.requests ? upstream.fail / r.requests : null,
    // New connections the mock accepted per request: near 0 when the hop keeps its upstream connections alive.
    upstreamConnsPerReq: upstream && r.requests ? upstream.conns / r.requests : null,
    // Calls the mock took on the API (and stream or not) the run should reach, per request: ~1 when routed right.
    upstreamApiPerReq: counter && stats0 && stats1 && r.requests ? (stats1[counter] - stats0[counter]) / r.requests : null,
    upstreamCounter: counter,
  };
}

/**
 * The runs of a cell measured at the same time, each loaded by its own wrk: for
 * ratios smaller than the machine's drift between two windows (10,000 keys vs 1;
 * Switchyard and the minimal gateway vs the bare proxy). All see the same
 * machine, so their ratios hold steady where back-to-back windows do not.
 * The mock's counters are shared, so no per-run upstream figures.
 */
export async function measureTogether({ tmp, cell, runs, targets, seconds, rotate = 0 }) {
  const reqs = runs.map((run) => requestFor(tmp, cell.id, run, targets.get(run.target)));
  const pids = runs.map((run) => targets.get(run.target).pid);
  const peak = pids.map((pid) => resetPeakRss(pid));
  const cpu0 = pids.map((pid) => cpuSeconds(pid));
  // Which load generator starts first changes with `rotate`, so that order favours no run.
  const order = runs.map((_, i) => (i + rotate) % runs.length);
  const started = [];
  for (const i of order) started[i] = runWrk({ url: reqs[i].url, script: reqs[i].script, connections: cell.c, seconds });
  const rs = await Promise.all(started);
  return rs.map((r, i) => {
    const cpu = cpuSeconds(pids[i]) - cpu0[i];
    const mem = memory(pids[i]);
    return {
      ...r,
      cpuUsPerReq: r.requests ? (cpu * 1e6) / r.requests : null,
      cpuSeconds: cpu,
      peakRssMB: (peak[i] ? mem.hwm : mem.rss) / 2 ** 20,
      failedAttemptsPerReq: null,
      upstreamConnsPerReq: null,
    };
  });
}

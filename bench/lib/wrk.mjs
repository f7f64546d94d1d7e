// Load from wrk (Debian's package): cheaper per request than a Node load
// generator, which matters on a 2-core machine. The Lua script only sets the
// request and prints a JSON summary in done(); a response() callback would make
// wrk parse every reply, so there is none.
import { execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function wrkAvailable() {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (err) {
    // wrk prints its version and exits 1; only a missing binary is ENOENT.
    return !(err && err.code === 'ENOENT');
  }
}

/** Installs wrk from Debian's packages when running as root; otherwise explains how. */
export function ensureWrk() {
  if (wrkAvailable()) return;
  if (process.getuid?.() === 0) {
    process.stderr.write('bench: installing wrk (apt-get install -y wrk)…\n');
    try {
      execFileSync('apt-get', ['install', '-y', 'wrk'], { stdio: 'ignore' });
    } catch {
      execFileSync('apt-get', ['update'], { stdio: 'ignore' });
      execFileSync('apt-get', ['install', '-y', 'wrk'], { stdio: 'ignore' });
    }
    if (wrkAvailable()) return;
  }
  throw new Error('the benchmark needs wrk: `sudo apt-get install -y wrk` (Debian/Ubuntu) or `brew install wrk`');
}

const lua = (s) => JSON.stringify(s); // a JSON string of ASCII text is a valid Lua string literal

/** Writes the Lua script for one request shape; returns its path. */
export function writeScript(dir, name, { method = 'POST', headers = {}, bodyFile }) {
  const lines = [`wrk.method = ${lua(method)}`];
  for (const [k, v] of Object.entries(headers)) lines.push(`wrk.headers[${lua(k)}] = ${lua(v)}`);
  if (bodyFile) lines.push(`local f = assert(io.open(${lua(bodyFile)}, "rb"))`, 'wrk.body = f:read("*a")', 'f:close()');
  lines.push(
    'done = function(summary, latency, requests)',
    '  local e = summary.errors',
    '  io.write(string.format(\'WRKJSON {"requests":%d,"durationUs":%d,"bytes":%d,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},"latencyUs":{"mean":%.1f,"p50":%d,"p90":%d,"p99":%d,"max":%d}}\\n\',',
    '    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,',
    '    latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))',
    'end',
  );
  const file = join(dir, `${name}.lua`);
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/** Runs wrk for `seconds` (whole seconds: wrk's unit) and returns its JSON summary. */
export function runWrk({ url, script, connections, seconds }) {
  const args = ['-t1', `-c${connections}`, `-d${Math.max(1, Math.round(seconds))}s`, '--timeout', '10s', '-s', script, url];
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    // 'close', not 'exit': the output may still be in the pipe when the process has exited.
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('WRKJSON '));
      if (!line) return reject(new Error(`wrk failed (${code}): ${out.slice(-500)}`));
      const r = JSON.parse(line.slice(8));
      const errors = r.errors.connect + r.errors.read + r.errors.write + r.errors.timeout;
      resolve({
        requests: r.requests,
        seconds: r.durationUs / 1e6,
        rps: r.requests / (r.durationUs / 1e6),
        non2xx: r.errors.status,
        socketErrors: errors,
        p50Ms: r.latencyUs.p50 / 1000,
        p90Ms: r.latencyUs.p90 / 1000,
        p99Ms: r.latencyUs.p99 / 1000,
      });
    });
  });
}

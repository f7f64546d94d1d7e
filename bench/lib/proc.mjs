// Child processes and what /proc says about them: CPU time (utime + stime) and
// resident memory. Linux only, like the benchmark.
import { spawn, execFileSync } from 'node:child_process';
import { openSync, readFileSync, writeFileSync } from 'node:fs';

let clkTck = 100;
try {
  clkTck = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
} catch {}

/** CPU seconds the process has used so far (all its threads). */
export function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // rest[0] is field 3 (state); utime is field 14, stime field 15.
  return (Number(rest[11]) + Number(rest[12])) / clkTck;
}

/**
 * The machine's CPU time so far and how much of it the hypervisor gave to
 * other guests (steal, /proc/stat), in ticks. Steal is the one sign of a
 * neighbour's load that a guest can read; runs with much of it read dearer.
 */
export function machineTicks() {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
  return { total: cpu.reduce((a, b) => a + b, 0), steal: cpu[7] ?? 0 };
}

/** VmRSS / VmHWM of a process, in bytes. */
export function memory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

/** Resets the peak RSS (VmHWM) so it covers only what follows; false if not allowed. */
export function resetPeakRss(pid) {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/**
 * Spawns a process and resolves once `ready(line)` returns a value for a line of
 * its stdout (unless sent to `stdoutFile`) or stderr. The process's later output is drained and dropped.
 */
export function spawnReady(cmd, args, { env, cwd, ready, timeoutMs = 30_000, name = cmd, stdoutFile }) {
  // A server's request logs go to a file, as in production, not through a pipe the bench must read.
  const out = stdoutFile ? openSync(stdoutFile, 'a') : 'pipe';
  const child = spawn(cmd, args, { env: { ...process.env, ...env }, cwd, stdio: ['ignore', out, 'pipe'] });
  let tail = '';
  return new Promise((resolve, reject) => {
    let done = false;
    const timer = setTimeout(() => finish(new Error(`${name} did not become ready in ${timeoutMs} ms:\n${tail}`)), timeoutMs);
    const finish = (err, value) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (err) {
        child.kill('SIGKILL');
        reject(err);
      } else resolve({ child, pid: child.pid, value });
    };
    const onData = (d) => {
      if (done) return;
      const text = d.toString();
      tail = (tail + text).slice(-4000);
      for (const line of text.split('\n')) {
        const v = line && ready(line);
        if (v !== undefined && v !== null && v !== false) return finish(null, v);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code, sig) => finish(new Error(`${name} exited (${code ?? sig}) before ready:\n${tail}`)));
    child.once('error', (err) => finish(err));
  });
}

/** Stops a child we started: SIGTERM, then SIGKILL after a grace period. */
export function stopChild(child, graceMs = 3000) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** `{"port":N}` on a line: what the bench's own helper processes print when listening. */
export const portLine = (line) => {
  try {
    const v = JSON.parse(line);
    return typeof v.port === 'number' ? v.port : undefined;
  } catch {
    return undefined;
  }
};

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

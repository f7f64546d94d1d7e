import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { SwitchyardError } from '../core/index.js';

export interface InstanceLock {
  readonly file: string;
  release(): void;
}

/** Directories locked by this process (a second in-process start is refused as well). */
const held = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else — still running.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function holder(file: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/**
 * An exclusive lock on an instance directory (#20 item 5): two processes on
 * one state directory and instance id would share its database, overwrite
 * each other's runtime.json and miss each other's revocations. The lock is a
 * file created with O_EXCL holding the PID; one left by a process that no
 * longer runs (kill -9) is taken over.
 */
export function acquireInstanceLock(dir: string): InstanceLock {
  const file = join(dir, 'instance.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(file, 'wx', 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = holder(file);
      if (pid !== null && (held.has(dir) || (pid !== process.pid && alive(pid)))) {
        throw new SwitchyardError('CONFLICT', `this instance is already running (PID ${pid}) on ${dir}; stop it first, or start another with a different --instance-id or --state-dir`, { expose: true });
      }
      rmSync(file, { force: true }); // stale: its process is gone
      continue;
    }
    writeSync(fd, `${process.pid}\n`);
    closeSync(fd);
    held.add(dir);
    let released = false;
    return {
      file,
      release() {
        if (released) return;
        released = true;
        held.delete(dir);
        if (holder(file) === process.pid) rmSync(file, { force: true });
      },
    };
  }
  throw new SwitchyardError('CONFLICT', `could not take the instance lock ${file}`, { expose: true });
}

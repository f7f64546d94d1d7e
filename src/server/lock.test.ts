import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { configSchema } from '../core/index.js';
import { acquireInstanceLock } from './lock.js';
import { startServer } from './start.js';

test('#20 item 5: a second start on the same state directory and instance id is refused, naming the running PID', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sy-lock-'));
  const config = configSchema.parse({ stateDir: dir, port: 0, logLevel: 'silent' });
  const first = await startServer(config, { SWITCHYARD_PASSWORD: 'test-password' });
  try {
    const runtime = readFileSync(join(first.instanceDir, 'runtime.json'), 'utf8');
    await assert.rejects(startServer(config, { SWITCHYARD_PASSWORD: 'test-password' }), (err: Error) => {
      assert.match(err.message, new RegExp(`already running \\(PID ${process.pid}\\)`));
      return true;
    });
    // The refused start touched nothing of the running one.
    assert.equal(readFileSync(join(first.instanceDir, 'runtime.json'), 'utf8'), runtime);
  } finally {
    await first.stop();
  }
  // Stopped: the lock is gone and the instance starts again.
  assert.equal(existsSync(join(first.instanceDir, 'instance.lock')), false);
  const again = await startServer(config, { SWITCHYARD_PASSWORD: 'test-password' });
  await again.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('#20 item 5: the lock of another live process is refused; one left by a dead process is taken over', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sy-lock-'));
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  try {
    writeFileSync(join(dir, 'instance.lock'), `${child.pid}\n`);
    assert.throws(() => acquireInstanceLock(dir), new RegExp(`PID ${child.pid}`));
  } finally {
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
  }
  const lock = acquireInstanceLock(dir); // the holder is dead now (kill -9): stale
  assert.equal(readFileSync(lock.file, 'utf8').trim(), String(process.pid));
  lock.release();
  assert.equal(existsSync(lock.file), false);
  rmSync(dir, { recursive: true, force: true });
});

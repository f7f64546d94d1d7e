import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { describeDatabase, removeRuntimeFile, writeRuntimeFile } from './runtime-file.js';

test('describeDatabase never keeps credentials', () => {
  assert.equal(describeDatabase(undefined, '/s/switchyard.db'), 'sqlite:/s/switchyard.db');
  const d = describeDatabase('postgres://admin:hunter2@db.internal:5432/switchyard?sslmode=require', '/unused');
  assert.ok(!d.includes('hunter2') && !d.includes('admin'), d);
  assert.match(d, /^postgres:\/\/db\.internal:5432\/switchyard/);
  assert.equal(describeDatabase('postgres://db/x?user=u&password=p4ss', '/unused'), 'postgres://db/x');
  assert.equal(describeDatabase('not a url', '/unused'), 'postgres:(unparseable url)');
});

test('the runtime file is written whole, 0600, and removed on stop', () => {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-rt-'));
  try {
    const info = { instanceId: 'i', url: 'http://127.0.0.1:1', pid: 1, startedAt: 'now', version: '0', auditLog: 'a', cacheDir: 'c', database: 'd' };
    const file = writeRuntimeFile(dir, info);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), info);
    removeRuntimeFile(dir);
    assert.equal(existsSync(file), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLastGood } from './last-good.js';

function logs() {
  const lines: string[] = [];
  return { lines, logger: { warn: (_o: unknown, m?: string) => void lines.push(`warn ${m}`), info: (m: string) => void lines.push(`info ${m}`), error: (_o: unknown, m?: string) => void lines.push(`error ${m}`) } };
}

const unavailable = () => new Error('store unavailable');

test('a failed load with a copy in hand serves that copy, retries in the background, and takes the fresh one when the database answers', async () => {
  let up = true;
  let version = 0;
  const load = async () => {
    if (!up) throw new Error('connection refused');
    return ++version;
  };
  const { lines, logger } = logs();
  const c = createLastGood(load, { what: 'keys', logger, unavailable, retryMs: 20 });
  assert.equal(await c.get(), 1);
  up = false;
  c.invalidate();
  assert.equal(c.peek(), null, 'a change waits for the fresh copy');
  assert.equal(await c.get(), 1, 'the database is down: the last copy');
  assert.equal(c.peek(), 1, 'and it is synchronous again');
  assert.equal(c.stale(), true);
  await sleep(70); // several background retries, all failing
  assert.equal(lines.filter((l) => l.startsWith('warn')).length, 1, lines.join('\n'));
  up = true;
  await sleep(50);
  assert.equal(c.peek(), 2, 'reloaded in the background');
  assert.equal(c.stale(), false);
  assert.deepEqual(lines.map((l) => l.split(' ')[0]), ['warn', 'info']);
});

test('a process that never loaded anything answers unavailable', async () => {
  const { logger } = logs();
  const c = createLastGood(() => Promise.reject(new Error('down')), { what: 'keys', logger, unavailable });
  await assert.rejects(c.get(), /store unavailable/);
  assert.equal(c.peek(), null);
});

test('refresh keeps the current copy serving while it reloads; a change announced while the database is up is never answered from the old copy', async () => {
  let version = 0;
  let release: () => void = () => {};
  const load = () => new Promise<number>((r) => (release = () => r(++version)));
  const { logger } = logs();
  const c = createLastGood(load, { what: 'routes', logger, unavailable });
  const first = c.get();
  release();
  assert.equal(await first, 1);
  c.refresh();
  assert.equal(c.peek(), 1, 'still serving during the refresh');
  release();
  await sleep(0);
  assert.equal(c.peek(), 2);
  c.invalidate();
  const next = c.get();
  assert.equal(c.peek(), null);
  release();
  assert.equal(await next, 3);
});

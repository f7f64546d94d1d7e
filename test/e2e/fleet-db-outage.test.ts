// Issue #18 item 4: PostgreSQL stopped for 10 s under load. Two real
// `switchyard start` processes behind haproxy on a PostgreSQL cluster of this
// test's own (the shared test server must never be stopped), a mock upstream.
// Skipped without PostgreSQL server binaries or haproxy locally; a failure in CI.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { CLI_TOKEN_HEADER, deriveCliToken } from '../../src/core/index.js';
import { closedPort, startServerProcess, tempDir, type ServerProcess } from '../helpers/cli.js';
import { haproxyAvailable, startHaproxy, type Haproxy } from '../helpers/haproxy.js';
import { startMockOpenAI, type MockOpenAI } from '../helpers/mock-openai.js';
import { pgClusterUnavailable, startPgCluster, type PgCluster } from '../helpers/pg-cluster.js';

const skip = pgClusterUnavailable() || haproxyAvailable();
const cli = { [CLI_TOKEN_HEADER]: deriveCliToken(), 'content-type': 'application/json' };
const OUTAGE_MS = 10_000;

describe('a fleet while its PostgreSQL is stopped for 10 s', { skip, timeout: 300_000 }, () => {
  const tmp = tempDir('outage');
  let cluster: PgCluster;
  let mock: MockOpenAI;
  let lb: Haproxy;
  const servers: Record<'a' | 'b', ServerProcess | undefined> = { a: undefined, b: undefined };

  const start = async (name: 'a' | 'b', port: number) => {
    const s = await startServerProcess({
      stateDir: join(tmp.path, 'state'),
      env: { SWITCHYARD_SECRET: 'one-secret-for-the-whole-fleet' },
      args: ['--instance-id', name, '--database-url', cluster.url, '--port', String(port)],
    });
    servers[name] = s;
    for (let i = 0; i < 200 && (await fetch(`${s.url}/api/ready`)).status !== 200; i++) await sleep(50);
  };

  const diagnostics = () =>
    [
      `a exit ${servers.a?.child.exitCode}, b exit ${servers.b?.child.exitCode}`,
      `haproxy:\n${lb?.log().slice(-4000)}`,
      `a:\n${servers.a?.output().slice(-3000)}`,
      `b:\n${servers.b?.output().slice(-3000)}`,
    ].join('\n');

  // haproxy closes a reused client connection without an answer when it cannot
  // forward a request, so that the client may send it again (as SDKs do): once.
  const api = async (method: string, path: string, body?: unknown) => {
    const send = () => fetch(`${lb.url}${path}`, { method, headers: cli, body: body === undefined ? undefined : JSON.stringify(body) });
    let res: Response;
    try {
      res = await send().catch(async (err: unknown) => {
        const cause = (err as { cause?: { code?: string } }).cause;
        if (cause?.code !== 'UND_ERR_SOCKET') throw err;
        return send();
      });
    } catch (err) {
      throw new Error(`${method} ${path}: ${String(err)} (${String((err as { cause?: unknown }).cause)})\n${diagnostics()}`);
    }
    return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string } } & Record<string, unknown> };
  };

  const readyStatus = (s: ServerProcess | undefined) => fetch(`${s?.url}/api/ready`).then((r) => r.status, () => -1);

  before(async () => {
    cluster = await startPgCluster();
    mock = await startMockOpenAI({ apiKey: 'upstream-secret' });
    const ports = { a: await closedPort(), b: await closedPort() };
    await start('a', ports.a);
    await start('b', ports.b);
    lb = await startHaproxy(tmp.path, [
      { name: 'a', port: ports.a },
      { name: 'b', port: ports.b },
    ]);
    await sleep(800); // haproxy's checks (every 200 ms) see both ready
    const made = await api('POST', '/api/providers', {
      name: 'mock',
      type: 'openai-compatible',
      baseUrl: mock.url,
      apiKey: 'upstream-secret',
      models: [{ id: 'mock-small', price: { input: 1, output: 1 } }],
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    await sleep(500);
  });

  after(async () => {
    await lb?.stop();
    await Promise.all([servers.a?.stop(), servers.b?.stop()]);
    await mock?.close();
    await cluster?.destroy();
    tmp.cleanup();
  });

  test('inference keeps answering 200, /api/ready is 503 meanwhile and 200 after, every completed request has its usage row', async () => {
    // A rate limit and a budget, so the shared counters are on the path (and must fall back to local limits).
    const made = await api('POST', '/api/keys', { name: 'outage', rpmLimit: 100_000, dailyBudgetUsd: 1_000 });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const key = String(made.body.key);
    mock.setModelBehavior('mock-small', { kind: 'ok', chunkDelayMs: 10 });

    const completed: string[] = [];
    const failed: string[] = [];
    let duringOutage = 0;
    let down = false;
    let stop = false;
    const client = async (c: number) => {
      while (!stop) {
        const stream = c % 2 === 0;
        try {
          const res = await fetch(`${lb.url}/v1/chat/completions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
            body: JSON.stringify({ model: 'mock/mock-small', messages: [{ role: 'user', content: 'hi' }], stream }),
          });
          const text = await res.text();
          const ok = res.status === 200 && (stream ? text.includes('data: [DONE]') && !text.includes('"error"') : text.includes('"choices"'));
          if (ok) {
            completed.push(String(res.headers.get('x-request-id')));
            if (down) duringOutage++;
          } else failed.push(`${res.status} ${text.slice(0, 200)}`);
        } catch (err) {
          const cause = (err as { cause?: unknown }).cause;
          failed.push(`${String(err)} (${String(cause)}) ${down ? 'while down' : 'while up'}`);
        }
        await sleep(20);
      }
    };
    const clients = Array.from({ length: 4 }, (_, c) => client(c));
    await sleep(1500);

    await cluster.stop();
    down = true;
    const stoppedAt = Date.now();
    const readyDuring = { a: false, b: false };
    let writeRefused: { status: number; code?: string; message?: string } | null = null;
    while (Date.now() - stoppedAt < OUTAGE_MS) {
      if ((await readyStatus(servers.a)) === 503) readyDuring.a = true;
      if ((await readyStatus(servers.b)) === 503) readyDuring.b = true;
      if (!writeRefused && readyDuring.a && readyDuring.b) {
        const w = await api('POST', '/api/keys', { name: 'during-outage' });
        writeRefused = { status: w.status, code: w.body.error?.code, message: w.body.error?.message };
      }
      await sleep(200);
    }
    await cluster.start();
    down = false;
    const startedAt = Date.now();
    let readyAfterMs = -1;
    while (Date.now() - startedAt < 20_000) {
      if ((await readyStatus(servers.a)) === 200 && (await readyStatus(servers.b)) === 200) {
        readyAfterMs = Date.now() - startedAt;
        break;
      }
      await sleep(100);
    }
    await sleep(1500);
    stop = true;
    await Promise.all(clients);
    mock.setModelBehavior('mock-small', { kind: 'ok' });

    assert.deepEqual(failed, [], `${failed.length} requests failed\n${diagnostics()}`);
    assert.ok(duringOutage > 20, `only ${duringOutage} requests served while the database was down`);
    assert.deepEqual(readyDuring, { a: true, b: true }, '/api/ready answered 503 during the outage');
    assert.ok(readyAfterMs >= 0, '/api/ready answers 200 again once the database is back, without a restart');
    assert.equal(writeRefused?.status, 503, JSON.stringify(writeRefused));
    // The guard reads its settings first and answers its own 503 (SPEC §3: never allow); past it, the write's.
    assert.ok(['CREDENTIAL_STORE_UNAVAILABLE', 'DATABASE_UNAVAILABLE'].includes(String(writeRefused?.code)), JSON.stringify(writeRefused));
    const logs = `${servers.a?.output()}\n${servers.b?.output()}`;
    // The key's rate-limit lease (1/20 of 100,000) outlasts the outage; its budget is synced every 100 ms.
    assert.match(logs, /shared budgets unavailable: spend is kept here/);
    assert.equal(logs.match(/shared budgets unavailable/g)?.length, 2, 'logged once per instance, not per sync');
    assert.match(logs, /the database does not answer: not ready/);
    assert.doesNotMatch(logs, /cannot be read right now/);

    // The queued rows are written once the database answers (every flush, 1 s).
    const c = new pg.Client({ connectionString: cluster.url });
    await c.connect();
    try {
      let rows: { request_id: string; n: number }[] = [];
      for (let i = 0; i < 50; i++) {
        rows = (await c.query<{ request_id: string; n: number }>('select request_id, count(*)::int as n from usage where request_id = any($1) group by request_id', [completed])).rows;
        if (rows.length === completed.length) break;
        await sleep(200);
      }
      assert.equal(rows.length, completed.length, `${completed.length - rows.length} of ${completed.length} completed requests have no usage row`);
      assert.ok(rows.every((r) => r.n === 1), 'exactly one row each');
    } finally {
      await c.end();
    }
  });
});

/**
 * Test support: the real gateway in this process on 127.0.0.1:0, over real
 * repositories (SQLite in a temp dir), with providers added as data and one
 * inference key. Logs are captured so a test can look for a warning.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { configSchema, type ProviderType } from '../../core/index.js';
import { createGateway, type Gateway } from '../index.js';
import { addKey, tempRepos, type TempRepos } from './temp-repos.js';

export interface InProcessGateway {
  url: string;
  key: string;
  t: TempRepos;
  gateway: Gateway;
  /** Every log line, parsed. */
  logs: Record<string, unknown>[];
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<{ status: number; text: string; json: unknown }>;
  close(): Promise<void>;
}

export interface TestProvider {
  name: string;
  type: ProviderType;
  baseUrl: string;
  credential: string | null;
  models: string[];
  preset?: string | null;
}

export async function startInProcessGateway(providers: TestProvider[], opts: { seal?: boolean } = {}): Promise<InProcessGateway> {
  const t = await tempRepos();
  for (const p of providers) {
    await t.repos.providers.create({
      name: p.name, type: p.type, baseUrl: p.baseUrl, credential: p.credential, preset: p.preset ?? null,
      models: p.models.map((id) => ({ id })), enabled: true, supportsResponses: false,
    });
  }
  const { secret } = await addKey(t.repos);
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const config = configSchema.parse({ stateDir: t.dir });
  const gateway = createGateway({ config, repos: t.repos, events: t.events, logger: pino({ level: 'warn' }, sink), secretKey: opts.seal === false ? null : randomBytes(32) });
  const server: Server = createServer((req, res) => gateway.handle(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    key: secret,
    t,
    gateway,
    logs,
    async post(path, body, headers = {}) {
      const r = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}`, ...headers },
        body: JSON.stringify(body),
      });
      const text = await r.text();
      let json: unknown = null;
      try {
        json = JSON.parse(text);
      } catch {}
      return { status: r.status, text, json };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await gateway.drain(0);
      await t.close();
    },
  };
}

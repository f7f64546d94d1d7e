// haproxy (Debian package) in front of Switchyard instances, on loopback: the
// configuration docs/multi-instance.md shows, with the backends' ports filled in.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { closedPort } from './cli.js';

export const HAPROXY = process.env.HAPROXY_BIN ?? '/usr/sbin/haproxy';

export function haproxyAvailable(): string | false {
  if (existsSync(HAPROXY)) return false;
  if (process.env.CI === 'true') throw new Error(`${HAPROXY} is missing but CI=true: .ci/run installs haproxy`);
  return `${HAPROXY} not installed; fleet tests skipped`;
}

/** The configuration docs/multi-instance.md shows; `log` adds one line per request on stderr (tests read it when they fail). */
export function haproxyConfig(frontPort: number, backends: { name: string; port: number }[], log = false): string {
  return [
    'global',
    '  maxconn 512',
    ...(log ? ['  log stderr format raw local0 info'] : []),
    'defaults',
    '  mode http',
    ...(log ? ['  log global', '  option httplog'] : []),
    '  timeout connect 2s',
    '  timeout client 60s',
    '  timeout server 60s',
    '  # A request refused by a draining or vanished instance goes to another one. Only',
    '  # failures where nothing ran are retried: a 500/502/504 may follow a billed upstream call.',
    '  retries 3',
    '  option redispatch 1',
    '  retry-on conn-failure empty-response 503',
    '  option http-buffer-request',
    'frontend switchyard',
    `  bind 127.0.0.1:${frontPort}`,
    '  # No instance ready (the database is down for all of them): any live one still serves inference from memory.',
    '  acl none_ready nbsrv(gateways) eq 0',
    '  use_backend gateways_live if none_ready',
    '  default_backend gateways',
    'backend gateways',
    '  balance roundrobin',
    '  option httpchk GET /api/ready',
    '  http-check expect status 200',
    ...backends.map((b) => `  server ${b.name} 127.0.0.1:${b.port} check inter 200ms fall 1 rise 1`),
    'backend gateways_live',
    '  balance roundrobin',
    '  option httpchk GET /api/health',
    '  http-check expect status 200',
    ...backends.map((b) => `  server ${b.name} 127.0.0.1:${b.port} check inter 200ms fall 1 rise 1`),
    '',
  ].join('\n');
}

export interface Haproxy {
  url: string;
  /** What haproxy printed: its warnings, and a line per request. */
  log(): string;
  stop(): Promise<void>;
}

export async function startHaproxy(dir: string, backends: { name: string; port: number }[]): Promise<Haproxy> {
  const port = await closedPort();
  const cfg = join(dir, 'haproxy.cfg');
  writeFileSync(cfg, haproxyConfig(port, backends, true));
  const child: ChildProcess = spawn(HAPROXY, ['-db', '-f', cfg], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`haproxy exited: ${err}`);
    const ok = await fetch(`${url}/api/health`).then((r) => r.ok, () => false);
    if (ok) break;
    if (i > 200) throw new Error(`haproxy not answering: ${err}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    log: () => err,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

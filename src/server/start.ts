import { mkdirSync, chmodSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { SwitchyardError, VERSION, type Config } from '../core/index.js';
import { createGateway, type Gateway } from '../gateway/index.js';
import { configuredHosts, createAuditLog } from '../guard/index.js';
import type { ManagementDeps, ManagementPlane } from '../management/index.js';
import { checkFleetSecret, createSharedCounters, createChangeBus, createRepos, createSharedChangeBus, type ChangeBus, type SharedChangeBus, createSecretBox, createSnapshotRepo, loadSecretKey, openDatabase, type Repos, type SecretBox } from '../storage/index.js';
import { isCatalogued } from '../providers/index.js';
import { createMetrics, type Metrics, type TargetHealth } from '../metrics/index.js';
import { createDashboardHandler, defaultDashboardDir } from '../dashboard/index.js';
import { createTunnelManager, type TunnelManager } from '../tunnels/index.js';
import { createRequestListener } from './app.js';
import { startIngress, type Ingress } from './ingress.js';
import { bootstrapPassword } from './bootstrap-password.js';
import { listen, urlFor } from './listen.js';
import { acquireInstanceLock } from './lock.js';
import { applyServerLimits, serverOptions } from './timeouts.js';
import { createLogger, type Logger } from './logger.js';
import { createReadiness } from './readiness.js';
import { instanceDir as resolveInstanceDir } from './paths.js';
import { describeDatabase, removeRuntimeFile, writeRuntimeFile } from './runtime-file.js';

export interface RunningServer {
  url: string;
  port: number;
  instanceDir: string;
  repos: Repos;
  logger: Logger;
  /** The tunnel ingress listener (127.0.0.1): tunnels forward here, never to `port`. */
  ingressPort: number;
  /** SWITCHYARD_PUBLIC_URL, else a running tunnel's URL. */
  publicUrl(): string | null;
  /** Set when this start generated the management password: print it once. */
  generatedPassword: string | null;
  /** Drains streams, flushes usage, closes the database. Idempotent. */
  stop(reason?: string): Promise<void>;
  /** Resolves once the server has stopped for any reason. */
  stopped: Promise<void>;
}

/** With DATABASE_URL (a fleet behind a load balancer): time for its health checks to see /api/ready turn 503. */
const DEFAULT_FLEET_DRAIN_DELAY_MS = 2_000;

export async function startServer(config: Config, env: NodeJS.ProcessEnv = process.env): Promise<RunningServer> {
  // Everything the server creates (database, WAL, logs, keys) is private to its user.
  process.umask(0o077);
  const dir = resolveInstanceDir(config.stateDir, config.instanceId);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const cacheDir = join(dir, 'cache');
  mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
  const logger = createLogger(config);
  const sqliteFile = join(dir, 'switchyard.db');
  const secretKey = loadSecretKey(dir, env.SWITCHYARD_SECRET);
  const box = createSecretBox(secretKey);
  const lock = acquireInstanceLock(dir);
  const db = await openDatabase({ sqliteFile, databaseUrl: config.databaseUrl }).catch((err: unknown) => {
    lock.release();
    throw err;
  });
  try {
    await checkFleetSecret(db, secretKey, box, { shared: Boolean(config.databaseUrl) });
  } catch (err) {
    await db.close();
    lock.release();
    throw err;
  }
  if (!config.databaseUrl) for (const f of ['', '-wal', '-shm']) chmodIfExists(sqliteFile + f);
  const repos = createRepos(db, box);
  let shared: SharedChangeBus | null = null;
  if (config.databaseUrl) {
    try {
      shared = await createSharedChangeBus(config.databaseUrl, { onError: (err) => logger.warn({ err }, 'change notifications between instances: connection problem') });
    } catch (err) {
      await db.close();
      lock.release();
      const why = err instanceof Error ? err.message : String(err);
      throw new SwitchyardError('INTERNAL', `cannot listen for changes on the PostgreSQL database: ${why}`, { expose: true, cause: err });
    }
  }
  const events: ChangeBus = shared ?? createChangeBus();
  const readiness = createReadiness(db, {
    onDatabase: (up, err) => (up ? logger.info('the database answers again: ready') : logger.error({ err }, 'the database does not answer: not ready')),
  });

  const auditLog = join(dir, 'audit.jsonl');
  const audit = createAuditLog({ file: auditLog, repo: repos.audit, onError: (err) => logger.error({ err }, 'audit write failed') });
  const counters = config.databaseUrl ? createSharedCounters(db) : undefined;
  // SWITCHYARD_METRICS=off: no registry, no onRecord hook (what the benchmark compares against).
  const metrics: Metrics | undefined = env.SWITCHYARD_METRICS === 'off' ? undefined : createMetrics();
  // SWITCHYARD_REASONING_SEAL=off: reasoning is not sealed for clients to send back (diagnosis, tests).
  const gateway = createGateway({
    config,
    repos,
    events,
    logger,
    counters,
    healthChannel: shared ?? undefined,
    secretKey: env.SWITCHYARD_REASONING_SEAL === 'off' ? null : secretKey,
    onRecord: metrics && ((row, catalogued) => metrics.onRequest(row, catalogued)),
  });
  metrics?.bind({ gauges: () => gateway.gauges(), targets: () => targetHealth(gateway, repos) });
  let stop: (reason?: string) => Promise<void> = async () => {};
  const deps: ManagementDeps = {
    config,
    repos,
    events,
    logger,
    instanceDir: dir,
    audit,
    gateway,
    snapshot: createSnapshotRepo(db, { box, events }),
    env,
    requestShutdown: () => void stop('api'),
    metrics,
  };
  let management: ManagementPlane | null = null;
  const loadManagement = async () => {
    management = (await import('../management/index.js')).createManagementPlane(deps);
    return management.listener;
  };
  const requestListener = createRequestListener(gateway, loadManagement, { logger, hosts: configuredHosts(config), dashboard: createDashboardHandler(defaultDashboardDir(env)), ready: readiness.reason });
  const server = createServer(serverOptions(config), requestListener);
  applyServerLimits(server, config);
  let port: number;
  try {
    port = await listen(server, config.host, config.port);
  } catch (err) {
    readiness.close();
    await shared?.close();
    await db.close();
    lock.release();
    throw err;
  }
  let ingress: Ingress;
  let tunnels: TunnelManager;
  try {
    ingress = await startIngress({
      dir,
      port: config.ingressPort,
      listener: requestListener,
      serverOptions: serverOptions(config),
      applyLimits: (s) => applyServerLimits(s, config),
      onNewPort: (old, now) => logger.warn({ old, port: now }, 'the saved tunnel ingress port is taken; using a new one'),
    });
    tunnels = createTunnelManager({
      instanceDir: dir,
      target: { port: ingress.port, url: ingress.url },
      env,
      publicUrl: config.publicUrl,
      ngrokToken: ngrokTokenStore(repos, box),
      onError: (backend, message) => logger.warn({ backend, message }, 'tunnel failed'),
    });
    deps.tunnels = tunnels;
    await tunnels.resume();
  } catch (err) {
    server.close();
    readiness.close();
    await shared?.close();
    await db.close();
    lock.release();
    throw err;
  }
  // After listen succeeded: a generated password is only created when this start
  // will print it, so a failed first start cannot leave an unknown password behind.
  const { generated } = await bootstrapPassword(repos.settings, env.SWITCHYARD_PASSWORD);
  const url = urlFor(config.host, port);
  writeRuntimeFile(dir, {
    instanceId: config.instanceId,
    url,
    pid: process.pid,
    startedAt: new Date().toISOString(),
    version: VERSION,
    auditLog,
    cacheDir,
    database: describeDatabase(config.databaseUrl, sqliteFile),
  });
  logger.info({ url, instanceDir: dir }, 'listening');
  readiness.started();

  let resolveStopped: () => void = () => {};
  const stopped = new Promise<void>((r) => (resolveStopped = r));
  let stopping: Promise<void> | undefined;
  stop = (reason = 'stop') => {
    stopping ??= (async () => {
      // Readiness first, so the load balancer stops sending; requests that still come are served for drainDelayMs.
      readiness.draining();
      const delay = config.drainDelayMs ?? (config.databaseUrl ? DEFAULT_FLEET_DRAIN_DELAY_MS : 0);
      logger.info({ reason, drainDelayMs: delay }, 'shutting down');
      await tunnels.shutdown().catch((err: unknown) => logger.error({ err }, 'stopping tunnels failed'));
      if (delay > 0) await new Promise((r) => setTimeout(r, delay));
      const closed = new Promise<void>((r) => server.close(() => r()));
      const ingressClosed = new Promise<void>((r) => ingress.server.close(() => r()));
      server.closeIdleConnections();
      ingress.server.closeIdleConnections();
      await gateway.drain(config.shutdownGraceMs);
      server.closeAllConnections();
      ingress.server.closeAllConnections();
      await closed;
      await ingressClosed;
      await management?.close().catch((err: unknown) => logger.error({ err }, 'writing access-token last-used times failed'));
      readiness.close();
      await shared?.close();
      await db.close();
      removeRuntimeFile(dir);
      lock.release();
      logger.info('stopped');
      resolveStopped();
    })();
    return stopping;
  };
  return { url, port, ingressPort: ingress.port, publicUrl: () => tunnels.publicUrl(), instanceDir: dir, repos, logger, generatedPassword: generated, stop, stopped };
}

/** Cooldown state per routing target, as this process sees it (read at scrape time). */
async function targetHealth(gateway: Gateway, repos: Repos): Promise<TargetHealth[]> {
  const [status, providers] = await Promise.all([gateway.status(), repos.providers.list()]);
  const byName = new Map(providers.map((p) => [p.name, p]));
  const out: TargetHealth[] = [];
  for (const p of status.providers) {
    const provider = byName.get(p.name);
    for (const t of p.targets) {
      const model = t.target.slice(p.name.length + 1);
      const catalogued = provider !== undefined && isCatalogued(provider, model);
      out.push({ provider: p.name, target: t.target, coolingDown: t.state === 'cooling-down', catalogued });
    }
  }
  return out;
}

function chmodIfExists(file: string): void {
  try {
    chmodSync(file, 0o600);
  } catch {}
}

const NGROK_TOKEN_SETTING = 'tunnels.ngrok.authToken';

/** The ngrok token saved by an enable, sealed like provider credentials. */
function ngrokTokenStore(repos: Repos, box: SecretBox) {
  return {
    async get(): Promise<string | null> {
      const sealed = (await repos.settings.all())[NGROK_TOKEN_SETTING];
      if (typeof sealed !== 'string') return null;
      try {
        return box.decrypt(sealed);
      } catch {
        return null;
      }
    },
    set: (token: string) => repos.settings.set(NGROK_TOKEN_SETTING, box.encrypt(token)),
  };
}

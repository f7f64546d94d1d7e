import { randomBytes } from 'node:crypto';
import { CHANGE_TOPICS, createChangeBus, type ChangeBus, type ChangeTopic } from './events.js';

const CHANNEL = 'switchyard_changes';
const TOPICS: ReadonlySet<ChangeTopic> = new Set(CHANGE_TOPICS);
const RECONNECT_MS = [250, 500, 1_000, 2_000, 5_000];

export interface SharedChangeBus extends ChangeBus {
  /** Stops listening (at shutdown). */
  close(): Promise<void>;
  /** Sends upstream health (a cooldown, an unhealthy provider) to the other instances; not heard by this one. */
  publishHealth(payload: string): void;
  /** What other instances published with publishHealth. */
  onHealth(fn: (payload: string) => void): void;
}

/** Payloads ride the change channel as `health:<nonce>:<payload>`; NOTIFY allows under 8000 bytes. */
const HEALTH = 'health';
const MAX_PAYLOAD = 7_000;

/**
 * The change bus across instances sharing one PostgreSQL database: a change
 * made through this process is also sent with `NOTIFY`, and one listening
 * connection turns other processes' notifications into local events, so a
 * key revoked through one instance is refused by the others at once, not at
 * their next periodic reload (docs/decisions.md, "changes across instances").
 * While the listening connection is down, nothing is heard; when it is back,
 * every topic is raised locally, since changes may have been missed.
 */
export async function createSharedChangeBus(url: string, opts: { onError(err: unknown): void }): Promise<SharedChangeBus> {
  const { default: pg } = await import('pg');
  const local = createChangeBus();
  const self = randomBytes(6).toString('hex');
  const sender = new pg.Pool({ connectionString: url, max: 1 });
  sender.on('error', () => {}); // an idle connection dropped by the server; the next query reconnects
  let listener: InstanceType<typeof pg.Client> | null = null;
  let closed = false;
  let attempt = 0;
  let retry: NodeJS.Timeout | undefined;

  const healthListeners: ((payload: string) => void)[] = [];
  const onNotification = (msg: { channel: string; payload?: string }): void => {
    const raw = msg.payload ?? '';
    const [topic, from] = raw.split(':');
    if (from === self) return;
    if (topic === HEALTH) {
      const payload = raw.slice(HEALTH.length + 1 + (from ?? '').length + 1);
      for (const fn of healthListeners) fn(payload);
    } else if (TOPICS.has(topic as ChangeTopic)) local.emit(topic as ChangeTopic);
  };

  async function listen(): Promise<void> {
    const client = new pg.Client({ connectionString: url });
    client.on('notification', onNotification);
    const lost = (err?: unknown): void => {
      if (listener !== client) return;
      listener = null;
      if (err) opts.onError(err);
      void client.end().catch(() => {});
      schedule();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    if (closed) {
      await client.end().catch(() => {});
      return;
    }
    listener = client;
  }

  function schedule(): void {
    if (closed || retry) return;
    const wait = RECONNECT_MS[Math.min(attempt++, RECONNECT_MS.length - 1)];
    retry = setTimeout(() => {
      retry = undefined;
      listen().then(
        () => {
          attempt = 0;
          // What changed while we were not listening is unknown: drop every cache.
          for (const t of TOPICS) local.emit(t);
        },
        (err: unknown) => {
          opts.onError(err);
          schedule();
        },
      );
    }, wait);
    retry.unref();
  }

  await listen();

  return {
    on: local.on,
    emit(topic) {
      local.emit(topic);
      sender.query('select pg_notify($1, $2)', [CHANNEL, `${topic}:${self}`]).catch(opts.onError);
    },
    publishHealth(payload) {
      if (payload.length > MAX_PAYLOAD) return;
      sender.query('select pg_notify($1, $2)', [CHANNEL, `${HEALTH}:${self}:${payload}`]).catch(opts.onError);
    },
    onHealth: (fn) => void healthListeners.push(fn),
    async close() {
      closed = true;
      clearTimeout(retry);
      const l = listener;
      listener = null;
      await Promise.allSettled([l?.end(), sender.end()]);
    },
  };
}

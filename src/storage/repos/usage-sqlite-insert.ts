import type BetterSqlite3 from 'better-sqlite3';
import type { UsageRecord } from '../../core/index.js';
import { rollUp, sqliteRollupWriter } from './usage-hourly.js';

const COLUMNS = [
  'request_id', 'ts', 'key_id', 'api', 'stream', 'provider', 'model', 'combo', 'input_tokens', 'output_tokens',
  'cached_input_tokens', 'cache_write_tokens', 'cost_usd', 'latency_ms', 'ttfb_ms', 'status', 'error_code', 'fallback_path',
] as const;

const INSERT = `insert into usage (${COLUMNS.join(', ')}) values (${COLUMNS.map(() => '?').join(', ')}) on conflict (request_id) do nothing`;

/**
 * Usage rows through one prepared statement in one transaction: the SQLite
 * write path of the hot path (docs/decisions.md, "usage rows on SQLite").
 * Kysely would build, compile and prepare a multi-row statement per batch,
 * which cost more than SQLite's own work. Returns null when the connection is
 * inside a Kysely transaction (awaiting between its statements): our rows must
 * not join it, so the caller takes the Kysely path, which waits its turn.
 */
export function sqliteUsageInserter(raw: BetterSqlite3.Database): (rows: readonly UsageRecord[]) => boolean {
  let insertAll: ((rows: readonly UsageRecord[]) => void) | null = null;
  const prepare = () => {
    const stmt = raw.prepare(INSERT);
    const writeRollups = sqliteRollupWriter(raw);
    return raw.transaction((rows: readonly UsageRecord[]) => {
      // Only rows inserted now (a retried batch repeats some) count in the hourly rollups, in the same transaction.
      const inserted: UsageRecord[] = [];
      for (const u of rows) {
        const { changes } = stmt.run(
          u.requestId, u.ts, u.keyId, u.api, u.stream ? 1 : 0, u.provider, u.model, u.combo, u.inputTokens, u.outputTokens,
          u.cachedInputTokens, u.cacheWriteTokens, u.costUsd, u.latencyMs, u.ttfbMs, u.status, u.errorCode, JSON.stringify(u.fallbackPath),
        );
        if (changes > 0) inserted.push(u);
      }
      writeRollups(rollUp(inserted));
    });
  };
  return (rows) => {
    if (raw.inTransaction) return false;
    // Prepared on first use: the table exists only after the migrations ran.
    (insertAll ??= prepare())(rows);
    return true;
  };
}

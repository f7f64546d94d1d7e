import { sql, type RawBuilder } from 'kysely';

/** `YYYY-MM-DD` (UTC) of an epoch-milliseconds column, in each engine's SQL: the `by day` group of usage summaries. */
export function utcDay(engine: 'sqlite' | 'postgres', column: 'ts' | 'hour'): RawBuilder<string> {
  const ms = sql.ref(column);
  return engine === 'sqlite' ? sql<string>`strftime('%Y-%m-%d', ${ms} / 1000, 'unixepoch')` : sql<string>`to_char(to_timestamp(${ms} / 1000) at time zone 'UTC', 'YYYY-MM-DD')`;
}

import { SwitchyardError } from '../core/index.js';

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `7d`, `12h`, `30m`, `2w`, or an ISO date/time → epoch ms. */
export function parseSince(value: string, now = Date.now(), field = 'since'): number {
  const m = /^(\d{1,6})([mhdw])$/.exec(value.trim());
  if (m) return now - Number(m[1]) * (UNIT_MS[m[2] as string] as number);
  const t = Date.parse(value);
  if (!Number.isNaN(t) && /^\d{4}-\d{2}-\d{2}/.test(value)) return t;
  throw new SwitchyardError('VALIDATION_FAILED', `${field}: expected a duration like 7d, 12h, 30m or an ISO date, got '${value}'`);
}

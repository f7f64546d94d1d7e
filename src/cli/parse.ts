import { CliError, EXIT } from './exit-codes.js';

export function optString(opts: Record<string, unknown>, key: string): string | undefined {
  const v = opts[key];
  return typeof v === 'string' ? v : undefined;
}

export function parseNumberFlag(value: string | undefined, flag: string, opts: { integer?: boolean } = {}): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0 || (opts.integer && !Number.isInteger(n))) {
    throw new CliError(`${flag} must be a positive ${opts.integer ? 'integer' : 'number'}, got '${value}'`, EXIT.usage);
  }
  return n;
}

/** `a,b c` → ['a','b','c'] */
export function parseList(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(/[\s,]+/).filter(Boolean);
  return items.length ? items : undefined;
}

/** Human output (tables, ✔ lines) and `--json` output, in one place. */
export interface Column<R> {
  header: string;
  value: (row: R) => unknown;
  align?: 'left' | 'right';
}

export interface Output {
  readonly json: boolean;
  /** Machine output: the value as JSON on stdout. */
  data(value: unknown): void;
  table<R>(rows: R[], columns: Column<R>[], empty?: string): void;
  line(text?: string): void;
  success(text: string): void;
  warn(text: string): void;
}

export function cell(value: unknown): string {
  if (value === null || value === undefined || value === '') return '-';
  if (Array.isArray(value)) return value.length ? value.map(cell).join(',') : '-';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

export function renderTable<R>(rows: R[], columns: Column<R>[]): string {
  const cells = rows.map((r) => columns.map((c) => cell(c.value(r))));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((row) => (row[i] as string).length)));
  const fmt = (values: string[]) =>
    values
      .map((v, i) => (columns[i]?.align === 'right' ? v.padStart(widths[i] as number) : v.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd();
  return [fmt(columns.map((c) => c.header)), ...cells.map(fmt)].join('\n');
}

export function createOutput(json: boolean, stdout = process.stdout, stderr = process.stderr, opts: { quiet?: boolean } = {}): Output {
  return {
    json,
    data: (value) => void stdout.write(JSON.stringify(value, null, 2) + '\n'),
    table(rows, columns, empty = '(none)') {
      stdout.write((rows.length ? renderTable(rows, columns) : empty) + '\n');
    },
    line: (text = '') => void stdout.write(text + '\n'),
    // --quiet drops confirmations only: what a command exists to print (data, a new secret) is not a confirmation.
    success: (text) => void (opts.quiet ? undefined : stdout.write(`✔ ${text}\n`)),
    warn: (text) => void stderr.write(`⚠ ${text}\n`),
  };
}

/** `sya_live_AbC1…` / `sk-sy-AbC1…`: enough to recognise a secret, never enough to use it. */
export function maskSecret(secret: string): string {
  const m = /^(sya_live_|sk-sy-)/.exec(secret);
  const keep = m ? (m[1] as string).length + 4 : Math.min(4, Math.floor(secret.length / 4));
  return secret.slice(0, keep) + '…';
}

export function formatUsd(v: unknown): string {
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(n)) return '-';
  return n === 0 ? '$0' : n < 0.01 ? `$${n.toFixed(6)}` : `$${n.toFixed(2)}`;
}

export function formatTime(ms: unknown): string {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return '-';
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}

/** A spinner on stderr while long work runs, when a person is watching. */
export async function withProgress<T>(label: string, work: () => Promise<T>): Promise<T> {
  if (!process.stderr.isTTY) return work();
  const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
  let i = 0;
  const timer = setInterval(() => process.stderr.write(`\r${frames[i++ % frames.length]} ${label}`), 80);
  try {
    return await work();
  } finally {
    clearInterval(timer);
    process.stderr.write('\r\x1b[K');
  }
}

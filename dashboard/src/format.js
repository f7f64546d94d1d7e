const nf = new Intl.NumberFormat();
export const num = (n) => nf.format(Math.round(n ?? 0));
export const usd = (n) => new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD', maximumFractionDigits: 4 }).format(n ?? 0);
export const when = (ms) => (ms ? new Date(ms).toLocaleString() : '—');
export const ms = (n) => (n == null ? '—' : `${nf.format(Math.round(n))} ms`);
export function percentile(values, p) {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

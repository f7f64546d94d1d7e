import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** A uPlot line chart; the data points are also kept on the element for tests and screen readers. */
export function Chart({ title, x, series, height = 180 }) {
  const el = useRef(null);
  useEffect(() => {
    if (!el.current) return undefined;
    const width = Math.max(280, el.current.clientWidth || 600);
    const opts = {
      title,
      width,
      height,
      series: [{}, ...series.map((s, i) => ({ label: s.label, stroke: ['#2563eb', '#dc2626', '#16a34a', '#9333ea'][i % 4], width: 2 }))],
      axes: [{}, {}],
    };
    const plot = new uPlot(opts, [x, ...series.map((s) => s.values)], el.current);
    return () => plot.destroy();
  }, [title, JSON.stringify(x), JSON.stringify(series)]);
  const total = series.map((s) => `${s.label}: ${s.values.reduce((a, b) => a + (b ?? 0), 0)}`).join(', ');
  return <figure class="chart" data-points={JSON.stringify(series.map((s) => s.values))} aria-label={`${title} (${total})`} ref={el} />;
}

/** Buckets usage records into `n` slots from `since` to now. */
export function bucket(records, since, n, value) {
  const now = Date.now();
  const step = Math.max(1, (now - since) / n);
  const x = Array.from({ length: n }, (_, i) => Math.round((since + i * step) / 1000));
  const y = new Array(n).fill(0);
  for (const r of records) {
    const i = Math.min(n - 1, Math.floor((r.ts - since) / step));
    if (i >= 0) y[i] += value(r);
  }
  return { x, y };
}

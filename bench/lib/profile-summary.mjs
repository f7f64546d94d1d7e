// Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time per function,
// heaviest first. `node bench/lib/profile-summary.mjs <file.cpuprofile> [top]`
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export function summarizeProfile(file, top = 30) {
  const prof = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map();
  let total = 0;
  for (let i = 0; i < prof.samples.length; i++) {
    const dt = prof.timeDeltas[i] ?? 0;
    const node = byId.get(prof.samples[i]);
    if (!node) continue;
    total += dt;
    const cf = node.callFrame;
    const where = cf.url ? `${cf.url.replace(/^file:\/\//, '').replace(/.*node_modules\//, '~/')}:${cf.lineNumber + 1}` : '';
    const key = `${cf.functionName || '(anonymous)'} ${where}`.trim();
    self.set(key, (self.get(key) ?? 0) + dt);
  }
  const rows = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  return { totalMs: total / 1000, rows: rows.map(([fn, us]) => ({ fn, ms: us / 1000, pct: (100 * us) / total })) };
}

export function renderProfile({ totalMs, rows }) {
  const lines = [`Sampled ${totalMs.toFixed(0)} ms. Self time by function:`, '', '| % | ms | function (file:line) |', '|---:|---:|---|'];
  for (const r of rows) lines.push(`| ${r.pct.toFixed(1)} | ${r.ms.toFixed(0)} | \`${r.fn}\` |`);
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(renderProfile(summarizeProfile(process.argv[2], Number(process.argv[3] ?? 30))) + '\n');
}

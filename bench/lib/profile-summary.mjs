// Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time per function,
// heaviest first. `node bench/lib/profile-summary.mjs <file.cpuprofile> [top]`
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const IDLE = new Set(['(idle)', '(program)', '(root)']);

function nameOf(cf) {
  const file = cf.url.replace(/^file:\/\//, '').replace(/.*node_modules\//, '~/').replace(/.*\/dist\//, 'dist/');
  // Minified bundles put everything on a few lines: the line number says little there.
  const where = cf.url ? (file.startsWith('dist/') ? file : `${file}:${cf.lineNumber + 1}`) : '';
  return `${cf.functionName || '(anonymous)'} ${where}`.trim();
}

/**
 * Self time per function (where the CPU is) and inclusive time (what a call
 * costs with everything under it), both as a share of busy (non-idle) time.
 */
export function summarizeProfile(file, top = 30) {
  const prof = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map();
  const incl = new Map();
  let busy = 0;
  for (let i = 0; i < prof.samples.length; i++) {
    const dt = prof.timeDeltas[i] ?? 0;
    const node = byId.get(prof.samples[i]);
    if (!node || IDLE.has(node.callFrame.functionName)) continue;
    busy += dt;
    const key = nameOf(node.callFrame);
    self.set(key, (self.get(key) ?? 0) + dt);
    const seen = new Set();
    for (let id = node.id; id !== undefined; id = parent.get(id)) {
      const k = nameOf(byId.get(id).callFrame);
      if (!seen.has(k)) {
        seen.add(k);
        incl.set(k, (incl.get(k) ?? 0) + dt);
      }
    }
  }
  const rank = (m) =>
    [...m.entries()]
      .filter(([k]) => !k.startsWith('(root)'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([fn, us]) => ({ fn, ms: us / 1000, pct: (100 * us) / busy }));
  return { busyMs: busy / 1000, rows: rank(self), inclusive: rank(incl) };
}

export function renderProfile({ busyMs, rows, inclusive }) {
  const table = (title, rs) => [title, '', '| % of busy | ms | function (file) |', '|---:|---:|---|', ...rs.map((r) => `| ${r.pct.toFixed(1)} | ${r.ms.toFixed(0)} | \`${r.fn}\` |`)];
  return [`Busy (non-idle) time sampled: ${busyMs.toFixed(0)} ms.`, '', ...table('Self time:', rows), '', ...table('Inclusive time:', inclusive)].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(renderProfile(summarizeProfile(process.argv[2], Number(process.argv[3] ?? 30))) + '\n');
}

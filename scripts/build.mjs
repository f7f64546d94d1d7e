// Bundles src/ into dist/ with esbuild. Start-up time (≤ 0.5 s to healthy) and
// idle memory (≤ 70 MB) are targets, so (measured with `npm run measure:startup`):
// - Pure-JS dependencies are bundled: resolving and loading hundreds of small ESM
//   files (kysely, zod, hono) was most of the start-up time.
// - Whitespace and syntax are minified (identifiers kept, so stack traces stay
//   readable; sourcemaps are linked): V8 keeps every loaded script's source on the
//   heap, so the source size is resident memory.
// - zod is bundled with its English messages only (it otherwise loads ~50 locales),
//   and `undici` with only the dispatchers we use (its index loads fetch, mocks,
//   caches and websockets too). Importing anything else from `undici` in src/ is a
//   build error here: add it to UNDICI_SLIM.
// Native and optional packages stay external. Code splitting keeps
// `switchyard <client command>` from loading the server and its storage drivers.
import { build } from 'esbuild';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Native addons, optional or lazily imported drivers: never bundled.
const EXTERNAL = ['better-sqlite3', 'pg', 'pg-native', '@ngrok/ngrok', 'playwright-core'];

const UNDICI_SLIM = `
export { default as Pool } from 'undici/lib/dispatcher/pool.js';
export { default as Agent } from 'undici/lib/dispatcher/agent.js';
export { default as Client } from 'undici/lib/dispatcher/client.js';
export { default as errors } from 'undici/lib/core/errors.js';
// undici's index adds its API (request…) to Dispatcher.prototype; do the same for the one the gateway uses.
import Dispatcher from 'undici/lib/dispatcher/dispatcher.js';
import request from 'undici/lib/api/api-request.js';
Dispatcher.prototype.request = request;
`;

const root = fileURLToPath(new URL('..', import.meta.url));
const fromSrc = (importer) => importer.startsWith(`${root}src/`);

/** Replaces two dependency entry points with smaller ones, for our own imports only. */
const slimDependencies = {
  name: 'slim-dependencies',
  setup(b) {
    b.onResolve({ filter: /^undici$/ }, (a) => (fromSrc(a.importer) ? { path: 'undici', namespace: 'slim' } : undefined));
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (a) =>
      a.importer.includes('/node_modules/zod/') ? { path: 'zod-locales', namespace: 'slim' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'slim' }, (a) => ({
      contents: a.path === 'undici' ? UNDICI_SLIM : "export { default as en } from 'zod/v4/locales/en.js';",
      loader: 'js',
      resolveDir: root,
    }));
  },
};

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { 'cli/main': 'src/cli/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: EXTERNAL,
  plugins: [slimDependencies],
  minifyWhitespace: true,
  minifySyntax: true,
  // Bundled CommonJS packages call require(); give the ESM output a real one.
  banner: { js: "import { createRequire as __syCreateRequire } from 'node:module'; const require = __syCreateRequire(import.meta.url);" },
  sourcemap: 'linked',
  logLevel: 'warning',
  chunkNames: 'chunks/[name]-[hash]',
});

// V8 keeps each loaded script's source as a string, one byte per character only
// if every character is Latin-1: a single '…' in a regex literal (esbuild leaves
// those as written) doubled the server chunk's resident size. Write \u2026 instead.
const wide = [];
for (const f of readdirSync(new URL('../dist', import.meta.url), { recursive: true })) {
  if (!String(f).endsWith('.js')) continue;
  const text = readFileSync(new URL(`../dist/${f}`, import.meta.url), 'utf8');
  const at = [...text].findIndex((ch) => ch.charCodeAt(0) > 0xff);
  if (at !== -1) wide.push(`dist/${f}: ${JSON.stringify(text.slice(Math.max(0, at - 40), at + 10))}`);
}
if (wide.length > 0) {
  console.error(`build: characters beyond Latin-1 in the bundle (escape them in src/):\n  ${wide.join('\n  ')}`);
  process.exit(1);
}

// The dashboard (Preact + Vite, dashboard/): built into dist/dashboard, every file
// precompressed (gzip and brotli) so the server never compresses per request.
// `npm ci` runs this through `prepare`, so the quick start serves a built dashboard.
const { build: viteBuild } = await import('vite');
const { gzipSync, brotliCompressSync, constants: z } = await import('node:zlib');
const { writeFileSync } = await import('node:fs');
await viteBuild({ configFile: fileURLToPath(new URL('../dashboard/vite.config.mjs', import.meta.url)) });
const DASHBOARD_JS_LIMIT = 120 * 1024;
let jsGzip = 0;
const dashDir = new URL('../dist/dashboard/', import.meta.url);
for (const f of readdirSync(dashDir, { recursive: true })) {
  const name = String(f);
  if (!/\.(js|css|html|svg|json)$/.test(name)) continue;
  const body = readFileSync(new URL(name, dashDir));
  const gz = gzipSync(body, { level: 9 });
  writeFileSync(new URL(`${name}.gz`, dashDir), gz);
  writeFileSync(new URL(`${name}.br`, dashDir), brotliCompressSync(body, { params: { [z.BROTLI_PARAM_QUALITY]: 11 } }));
  if (name.endsWith('.js')) jsGzip += gz.length;
}
console.log(`build: dashboard JavaScript ${(jsGzip / 1024).toFixed(1)} KB gzipped (limit ${DASHBOARD_JS_LIMIT / 1024} KB)`);
if (jsGzip > DASHBOARD_JS_LIMIT) {
  console.error('build: the dashboard JavaScript is over its size budget');
  process.exit(1);
}

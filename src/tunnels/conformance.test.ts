// Runs the shared conformance suite against all three backends, each on its fake
// behind the documented override (CLOUDFLARED_BIN, SWITCHYARD_NGROK_MODULE, TAILSCALE_BIN).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createCloudflaredBackend } from './cloudflared.js';
import { runTunnelConformance } from './conformance.case.js';
import { createNgrokBackend } from './ngrok.js';
import { createTailscaleBackend } from './tailscale.js';

const FIXTURES = resolve(import.meta.dirname, '../../test/fixtures/tunnels');
const target = { port: 9, url: 'http://127.0.0.1:9' };

function temp(): { dir: string; rm: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'sy-tunnel-conf-'));
  return { dir, rm: () => rmSync(dir, { recursive: true, force: true }) };
}

runTunnelConformance('cloudflared', async () => {
  const t = temp();
  const backend = createCloudflaredBackend({ instanceDir: t.dir, target, env: { ...process.env, CLOUDFLARED_BIN: join(FIXTURES, 'fake-cloudflared'), FAKE_CLOUDFLARED_DELAY_MS: '100' } });
  return { backend, targetUrl: target.url, enable: () => backend.enable(), cleanup: async () => (await backend.shutdown(), t.rm()) };
});

runTunnelConformance('ngrok', async () => {
  const backend = createNgrokBackend({ target, env: { SWITCHYARD_NGROK_MODULE: join(FIXTURES, 'fake-ngrok.mjs') } });
  return { backend, targetUrl: target.url, enable: () => backend.enable({ authToken: 'good-token' }), cleanup: () => backend.shutdown() };
});

runTunnelConformance('tailscale', async () => {
  const t = temp();
  const state = join(t.dir, 'state.json');
  writeFileSync(state, JSON.stringify({ loggedIn: true, funnelEnabled: true }));
  const backend = createTailscaleBackend({ target, env: { ...process.env, TAILSCALE_BIN: join(FIXTURES, 'fake-tailscale'), FAKE_TAILSCALE_STATE: state } });
  return { backend, targetUrl: target.url, enable: () => backend.enable(), cleanup: async () => (await backend.shutdown(), t.rm()) };
});

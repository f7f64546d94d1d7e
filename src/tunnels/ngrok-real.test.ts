// The real @ngrok/ngrok SDK, loaded lazily as in production: enable with a bogus
// token against an ngrok server address on 127.0.0.1 where nothing answers ends
// in `error` within the bounded start time, never a hang, and the token stays out
// of the message. Skipped only where the optional dependency is not installed.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { settled } from './conformance.case.js';
import { createNgrokBackend } from './ngrok.js';

function installed(): boolean {
  try {
    createRequire(import.meta.url).resolve('@ngrok/ngrok');
    return true;
  } catch {
    return false;
  }
}

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

test('real @ngrok/ngrok with a bogus token ends in error, not a hang', { skip: !installed() && '@ngrok/ngrok not installed', timeout: 60_000 }, async () => {
  const token = 'bogus_2abcdefNOTAREALTOKEN_error';
  const b = createNgrokBackend({
    target: { port: 9, url: 'http://127.0.0.1:9' },
    env: { NGROK_SERVER_ADDR: `127.0.0.1:${await closedPort()}`, SWITCHYARD_TUNNEL_START_TIMEOUT_MS: '8000' },
  });
  await b.enable({ authToken: token });
  const st = await settled(b, 30_000);
  assert.equal(st.phase, 'error');
  assert.ok(st.lastError && st.lastError.length > 10, String(st.lastError));
  assert.equal(st.lastError.includes(token), false);
  await b.shutdown();
});

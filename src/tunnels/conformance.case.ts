// The shared suite every TunnelBackend runs (hono's common.case pattern):
// one status shape, enable → running with apiUrl = publicUrl + /v1, idempotent
// enable, disable and shutdown → stopped.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TunnelBackend, TunnelStatus } from './types.js';

export interface ConformanceSetup {
  backend: TunnelBackend;
  targetUrl: string;
  enable(): Promise<TunnelStatus>;
  cleanup(): Promise<void>;
}

export async function settled(backend: TunnelBackend, timeoutMs = 20_000): Promise<TunnelStatus> {
  const deadline = Date.now() + timeoutMs;
  while (backend.status().phase === 'starting' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return backend.status();
}

const KEYS = ['apiUrl', 'lastError', 'phase', 'publicUrl', 'running', 'targetUrl'];

export function runTunnelConformance(name: string, make: () => Promise<ConformanceSetup>): void {
  test(`${name}: stopped at first, in the one status shape`, async () => {
    const s = await make();
    try {
      const st = s.backend.status();
      assert.deepEqual(Object.keys(st).sort(), KEYS);
      assert.deepEqual(st, { phase: 'stopped', running: false, publicUrl: null, apiUrl: null, targetUrl: s.targetUrl, lastError: null });
      assert.equal(s.backend.name, name);
    } finally {
      await s.cleanup();
    }
  });

  test(`${name}: enable → running with a public URL; enable again changes nothing; disable → stopped`, async () => {
    const s = await make();
    try {
      await s.enable();
      const st = await settled(s.backend);
      assert.equal(st.phase, 'running', st.lastError ?? '');
      assert.equal(st.running, true);
      assert.match(st.publicUrl ?? '', /^https:\/\//);
      assert.equal(st.apiUrl, (st.publicUrl ?? '').replace(/\/+$/, '') + '/v1');
      assert.equal(st.targetUrl, s.targetUrl);
      assert.equal(st.lastError, null);
      assert.deepEqual(await s.enable(), st);
      const off = await s.backend.disable();
      assert.deepEqual(off, { phase: 'stopped', running: false, publicUrl: null, apiUrl: null, targetUrl: s.targetUrl, lastError: null });
    } finally {
      await s.cleanup();
    }
  });

  test(`${name}: shutdown stops a running tunnel`, async () => {
    const s = await make();
    try {
      await s.enable();
      assert.equal((await settled(s.backend)).phase, 'running');
      await s.backend.shutdown();
      assert.equal(s.backend.status().phase, 'stopped');
    } finally {
      await s.cleanup();
    }
  });
}

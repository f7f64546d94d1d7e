import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalPath, classifyRoute, inferScope } from './tiers.js';

test('scope inference: GET/HEAD read, everything else write', () => {
  assert.equal(inferScope('GET'), 'read');
  assert.equal(inferScope('HEAD'), 'read');
  for (const m of ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) assert.equal(inferScope(m), 'write');
});

test('canonical form: decoded, single slashes, no trailing slash, lower case', () => {
  assert.equal(canonicalPath('/api//Shutdown/'), '/api/shutdown');
  assert.equal(canonicalPath('/api/%73hutdown'), '/api/shutdown');
  assert.equal(canonicalPath('/api/%zz'), '/api/%zz');
});

test('path variants never classify weaker than the route they may reach', () => {
  for (const p of ['/api/shutdown', '/api/shutdown/', '/api//shutdown', '/API/SHUTDOWN', '/api/%73hutdown']) {
    const c = classifyRoute('POST', p);
    assert.equal(c.tier, 'ALWAYS_PROTECTED', p);
    assert.equal(c.scope, 'admin', p);
  }
  for (const p of ['/api/mcp', '/api/mcp/', '/api/mcp/tools/call', '/api//mcp/']) assert.equal(classifyRoute('POST', p).tier, 'LOCAL_ONLY', p);
  assert.equal(classifyRoute('GET', '/api/health/').tier, 'MANAGEMENT', 'only the exact public path is public');
  assert.equal(classifyRoute('GET', '/api/ready').tier, 'PUBLIC');
  assert.equal(classifyRoute('POST', '/api/ready').tier, 'MANAGEMENT', 'readiness is a GET');
  assert.equal(classifyRoute('DELETE', '/api/cli/tokens/delegate').scope, 'admin');
  assert.equal(classifyRoute('POST', '/api/cli/tokens/delegate').scope, 'read');
});

test('only /metrics itself is open to loopback, and only when every reading of the path agrees', () => {
  assert.equal(classifyRoute('GET', '/metrics').loopbackOpen, true);
  for (const p of ['/metrics/', '/Metrics', '/%6detrics', '/metrics/x', '/api/metrics']) {
    assert.equal(classifyRoute('GET', p).loopbackOpen, false, p);
  }
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { configuredHosts, hasForwardingHeader, hostnameOf, isAllowedLoopbackHost, isLoopbackAddress } from './loopback.js';

test('loopback addresses: 127.0.0.0/8, ::1, ::ffff:127.0.0.0/104 and nothing else', () => {
  for (const a of ['127.0.0.1', '127.255.0.9', '::1', '::ffff:127.0.0.1', '::FFFF:127.1.2.3']) assert.ok(isLoopbackAddress(a), a);
  for (const a of ['', '10.0.0.1', '128.0.0.1', '::ffff:10.0.0.1', '::2', '127.0.0.256', '127.0.0', 'localhost', '1127.0.0.1'])
    assert.ok(!isLoopbackAddress(a), a);
});

test('any forwarding header, in any case, counts', () => {
  for (const h of ['X-Forwarded-For', 'x-forwarded-proto', 'Forwarded', 'Via', 'X-Real-IP', 'CF-Connecting-IP', 'True-Client-IP', 'Tailscale-Funnel-Request', 'Tailscale-User-Login', 'ngrok-trace-id'])
    assert.ok(hasForwardingHeader(['host', h]), h);
  assert.ok(!hasForwardingHeader(['host', 'user-agent', 'authorization', 'x-switchyard-cli-token']));
});

test('Host names: ports, brackets, trailing dots, case', () => {
  assert.equal(hostnameOf('[::1]:20128'), '::1');
  assert.equal(hostnameOf('LocalHost.:80'), 'localhost');
  assert.equal(hostnameOf('127.0.0.1'), '127.0.0.1');
});

test('DNS rebinding: only loopback names and configured hosts are allowed for loopback requests', () => {
  const extra = configuredHosts({ host: '0.0.0.0', publicUrl: 'https://gw.example.com' });
  for (const h of ['localhost', 'localhost:1', 'a.localhost', '127.0.0.1:9', '[::1]', 'gw.example.com', 'GW.example.com:443', undefined])
    assert.ok(isAllowedLoopbackHost(h, extra), String(h));
  for (const h of ['evil.example', 'localhost.evil.example', 'gw.example.com.evil', '0.0.0.0', '10.0.0.1']) assert.ok(!isAllowedLoopbackHost(h, extra), h);
  assert.deepEqual([...configuredHosts({ host: '10.1.2.3' })], ['10.1.2.3']);
  assert.deepEqual([...configuredHosts({ host: '::' })], []);
});

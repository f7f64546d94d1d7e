import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectUrl, defaultContextName } from './connect-target.js';
import { CliError } from './exit-codes.js';

test('a bare host becomes http://host:20128, or --port', () => {
  assert.equal(connectUrl('gpu-box'), 'http://gpu-box:20128');
  assert.equal(connectUrl('10.0.0.5', 8080), 'http://10.0.0.5:8080');
  assert.equal(connectUrl('10.0.0.5:9000', 8080), 'http://10.0.0.5:9000');
  assert.equal(connectUrl('::1'), 'http://[::1]:20128');
  assert.equal(connectUrl('[::1]:7000'), 'http://[::1]:7000');
});

test('a full URL is used as it is', () => {
  assert.equal(connectUrl('https://sy.example.com', 9999), 'https://sy.example.com');
  assert.equal(connectUrl('https://example.com/switchyard/'), 'https://example.com/switchyard');
  assert.equal(connectUrl('http://10.0.0.5:20128'), 'http://10.0.0.5:20128');
});

test('nonsense is a usage error', () => {
  for (const bad of ['', 'ftp://x', 'host/path', 'a b']) assert.throws(() => connectUrl(bad), CliError, bad);
});

test('context names come from the host', () => {
  assert.equal(defaultContextName('http://gpu-box:20128'), 'gpu-box');
  assert.equal(defaultContextName('http://10.0.0.5:8080'), '10.0.0.5-8080');
  assert.equal(defaultContextName('http://[::1]:20128'), 'local');
  assert.equal(defaultContextName('http://127.0.0.1:4000'), 'local-4000');
  assert.equal(defaultContextName('http://[fd00::5]:20128'), 'fd00--5');
});

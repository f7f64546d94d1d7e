import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isSwitchyardError } from '../core/index.js';
import { isLinkLocalOrMetadata, validateProviderUrl } from './provider-url.js';

const deny = { allowLinkLocal: false };

function refused(url: string): string {
  try {
    validateProviderUrl(url, deny);
  } catch (err) {
    assert.ok(isSwitchyardError(err));
    assert.equal(err.code, 'VALIDATION_FAILED');
    assert.match(err.message, /^baseUrl: /);
    return err.message;
  }
  assert.fail(`${url} was accepted`);
}

test('accepts public, private and loopback http(s) URLs, trimming the trailing slash', () => {
  assert.equal(validateProviderUrl('https://api.openai.com/v1/', deny), 'https://api.openai.com/v1');
  assert.equal(validateProviderUrl('http://127.0.0.1:11434/v1', deny), 'http://127.0.0.1:11434/v1');
  assert.equal(validateProviderUrl('http://10.0.0.5:8000/v1', deny), 'http://10.0.0.5:8000/v1');
  assert.equal(validateProviderUrl('http://192.168.1.20/v1', deny), 'http://192.168.1.20/v1');
  assert.equal(validateProviderUrl('http://[::1]:1234', deny), 'http://[::1]:1234');
  assert.equal(validateProviderUrl('http://localhost:1234/v1', deny), 'http://localhost:1234/v1');
});

test('refuses non-URLs, other schemes and embedded credentials', () => {
  assert.match(refused('not a url'), /not a valid URL/);
  assert.match(refused('ftp://example.com'), /only http and https/);
  assert.match(refused('file:///etc/passwd'), /only http and https/);
  assert.match(refused('https://user:pw@example.com'), /credentials/);
});

test('refuses link-local and metadata hosts in every spelling', () => {
  for (const url of [
    'http://169.254.169.254/latest/meta-data',
    'http://169.254.1.1:8080',
    'http://2852039166/', // 169.254.169.254 as one decimal number
    'http://0xa9.0xfe.0xa9.0xfe/',
    'http://[fe80::1]/',
    'http://[febf::1]/',
    'http://[::ffff:169.254.169.254]/',
    'http://metadata.google.internal/computeMetadata/v1',
    'http://METADATA.GOOGLE.INTERNAL./',
    'http://100.100.100.200/',
    'http://[fd00:ec2::254]/',
  ]) {
    assert.match(refused(url), /link-local or cloud metadata/, url);
  }
});

test('allowLinkLocalProviders lets link-local through', () => {
  assert.equal(validateProviderUrl('http://169.254.10.10:8000', { allowLinkLocal: true }), 'http://169.254.10.10:8000');
});

test('the classifier leaves neighbouring ranges alone', () => {
  assert.equal(isLinkLocalOrMetadata('169.253.1.1'), false);
  assert.equal(isLinkLocalOrMetadata('fec0::1'), false);
  assert.equal(isLinkLocalOrMetadata('fe7f::1'), false);
  assert.equal(isLinkLocalOrMetadata('example.com'), false);
});

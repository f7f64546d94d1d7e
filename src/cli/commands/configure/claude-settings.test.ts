import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CliError } from '../../exit-codes.js';
import { mergeClaudeSettings } from './claude-settings.js';

const URL = 'http://127.0.0.1:20128';

test('fresh file: base URL and every model alias, no key', () => {
  const { text, keyVarsInFile } = mergeClaudeSettings('', 'settings.json', URL, 'glm/glm-5.2');
  const doc = JSON.parse(text) as { env: Record<string, string> };
  assert.deepEqual(doc.env, {
    ANTHROPIC_BASE_URL: URL,
    ANTHROPIC_MODEL: 'glm/glm-5.2',
    ANTHROPIC_DEFAULT_OPUS_MODEL: 'glm/glm-5.2',
    ANTHROPIC_DEFAULT_SONNET_MODEL: 'glm/glm-5.2',
    ANTHROPIC_DEFAULT_HAIKU_MODEL: 'glm/glm-5.2',
  });
  assert.deepEqual(keyVarsInFile, []);
  assert.ok(!/sk-|TOKEN|API_KEY/.test(text));
});

test('merges into the user\'s settings without losing other keys; reports credentials already there', () => {
  const user = JSON.stringify({ permissions: { allow: ['Bash(npm test)'] }, env: { FOO: '1', ANTHROPIC_API_KEY: 'sk-ant-x' }, apiKeyHelper: 'pass show x' });
  const { text, keyVarsInFile } = mergeClaudeSettings(user, 'settings.json', URL, 'm');
  const doc = JSON.parse(text) as { permissions: unknown; env: Record<string, string>; apiKeyHelper: string };
  assert.deepEqual(doc.permissions, { allow: ['Bash(npm test)'] });
  assert.equal(doc.env.FOO, '1');
  assert.equal(doc.env.ANTHROPIC_API_KEY, 'sk-ant-x', 'the user\'s own settings are not deleted');
  assert.equal(doc.apiKeyHelper, 'pass show x');
  assert.deepEqual(keyVarsInFile, ['env.ANTHROPIC_API_KEY', 'apiKeyHelper']);
  assert.equal(mergeClaudeSettings(text, 'settings.json', URL, 'm').text, text, 'idempotent');
});

test('invalid JSON or a non-object: CliError exit 1', () => {
  for (const bad of ['{ "env": ', '[1,2]', '{"env": "x"}']) {
    assert.throws(() => mergeClaudeSettings(bad, '/h/settings.json', URL, 'm'), (e: unknown) => e instanceof CliError && e.exitCode === 1 && e.message.includes('/h/settings.json'));
  }
});

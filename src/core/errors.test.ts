import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SwitchyardError, stacklessError } from './errors.js';

test('stacklessError is a full SwitchyardError without stack frames, and leaves the stack limit as it was', () => {
  const before = Error.stackTraceLimit;
  const err = stacklessError('UPSTREAM_ERROR', 'provider said no', { status: 503, expose: true, details: { provider: 'p' } });
  assert.ok(err instanceof SwitchyardError);
  assert.equal(err.code, 'UPSTREAM_ERROR');
  assert.equal(err.status, 503);
  assert.equal(err.publicMessage, 'provider said no');
  assert.deepEqual(err.details, { provider: 'p' });
  assert.doesNotMatch(err.stack ?? '', /\n\s+at /);
  assert.equal(Error.stackTraceLimit, before);
  assert.match(new SwitchyardError('INTERNAL', 'x').stack ?? '', /\n\s+at /, 'ordinary errors keep their stack');
});

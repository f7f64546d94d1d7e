import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sanitizeSchema } from './sanitize-schema.js';

test('JSON Schema is cut to the subset Gemini accepts, at every depth', () => {
  const input = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    additionalProperties: false,
    required: ['cmd'],
    properties: {
      cmd: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'argv' },
      mode: { const: 'fast' },
      timeout: { type: ['integer', 'null'], exclusiveMinimum: 0 },
      target: { oneOf: [{ type: 'string' }, { type: 'object', properties: { id: { type: 'number', enum: [1, 2] } }, additionalProperties: true }] },
    },
  };
  assert.deepEqual(sanitizeSchema(input), {
    type: 'object',
    required: ['cmd'],
    properties: {
      cmd: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'argv' },
      mode: { enum: ['fast'] },
      timeout: { type: 'integer', nullable: true },
      target: { anyOf: [{ type: 'string' }, { type: 'object', properties: { id: { type: 'number', enum: ['1', '2'] } } }] },
    },
  });
});

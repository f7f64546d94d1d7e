// Request bodies shaped like a coding agent's, grown from the real captures in
// test/fixtures/clients (Codex `/v1/responses`, Claude Code `/v1/messages`):
// the client's own system prompt and tool schemas, then history turns of the
// kinds those clients send (a tool call, its output, assistant text) until the
// body reaches the size asked for. Tool output mixes code, logs and some
// non-ASCII text, as a real session does. Deterministic: the same size gives
// the same bytes, so runs and rounds compare.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const FIXTURES = join(import.meta.dirname, '../../test/fixtures/clients');

function fixtureBody(name) {
  const body = JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')).request.body;
  return typeof body === 'string' ? JSON.parse(body) : body;
}

const CODE = [
  'export function parseConfig(text: string): Config {',
  '  const lines = text.split("\\n").filter((l) => l.trim() !== "" && !l.startsWith("#"));',
  '  return Object.fromEntries(lines.map((l) => l.split("=", 2).map((s) => s.trim())));',
  '}',
  '// Größe prüfen — 检查大小 — ½ of the budget, résumé of the 🚀 run',
  'test("parses a config", () => assert.deepEqual(parseConfig("a = 1"), { a: "1" }));',
].join('\n');

/** Tool output of about `bytes` bytes: a file listing, source, a test log. */
function toolOutput(turn, bytes) {
  const parts = [`$ rg -n "parseConfig" src (turn ${turn})`];
  let i = 0;
  while (parts.join('\n').length < bytes) {
    parts.push(`src/config/parse-${turn}-${i}.ts:${10 + i}:${CODE}`);
    parts.push(`ok ${i} - parses case ${i} (${(i * 7) % 13} ms) ✓`);
    i++;
  }
  return parts.join('\n').slice(0, bytes);
}

const TURN_OUTPUT_BYTES = 6_000;

function grow(base, addTurn, size) {
  const body = JSON.parse(JSON.stringify(base));
  let turn = 0;
  // Turns go in before the last user message, as history would.
  while (Buffer.byteLength(JSON.stringify(body)) < size) addTurn(body, turn++);
  return JSON.stringify(body);
}

/** Codex → `/v1/responses`: function_call + function_call_output + an assistant message per turn. */
export function responsesBody(model, size, { stream = false } = {}) {
  const base = { ...fixtureBody('codex-02-post-v1-responses.json'), model, stream };
  base.input = base.input.filter((i) => i.type === 'message');
  return grow(base, (b, t) => {
    const call_id = `call_${t}`;
    b.input.push(
      { type: 'function_call', call_id, name: 'exec_command', arguments: JSON.stringify({ cmd: `rg -n parseConfig src # ${t}` }) },
      { type: 'function_call_output', call_id, output: toolOutput(t, TURN_OUTPUT_BYTES) },
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: `Turn ${t}: the parser drops comments; next I check the tests.` }] },
    );
  }, size);
}

/** Claude Code → `/v1/messages`: assistant tool_use + user tool_result per turn. */
export function messagesBody(model, size, { stream = false } = {}) {
  const base = { ...fixtureBody('claude-03-post-v1-messages.json'), model, stream };
  delete base.thinking;
  delete base.context_management;
  delete base.output_config;
  const first = base.messages[0];
  base.messages = [first];
  return grow(base, (b, t) => {
    const id = `toolu_${String(t).padStart(4, '0')}`;
    b.messages.push(
      { role: 'assistant', content: [{ type: 'text', text: `Turn ${t}: checking the parser.` }, { type: 'tool_use', id, name: 'Bash', input: { command: `rg -n parseConfig src # ${t}` } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: toolOutput(t, TURN_OUTPUT_BYTES) }] },
    );
  }, size);
}

/** The same conversation on `/v1/chat/completions` (what an agent on a chat API sends). */
export function chatBody(model, size, { stream = false } = {}) {
  const codex = fixtureBody('codex-02-post-v1-responses.json');
  const system = codex.input
    .filter((i) => i.type === 'message' && i.role === 'developer')
    .flatMap((i) => i.content.map((c) => c.text))
    .join('\n');
  const tools = codex.tools
    .filter((t) => t.type === 'function')
    .map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.parameters } }));
  const base = { model, stream, messages: [{ role: 'system', content: system }, { role: 'user', content: 'Fix the config parser.' }], tools, max_tokens: 200 };
  if (stream) base.stream_options = { include_usage: true };
  return grow(base, (b, t) => {
    const id = `call_${t}`;
    b.messages.push(
      { role: 'assistant', content: null, tool_calls: [{ id, type: 'function', function: { name: 'exec_command', arguments: JSON.stringify({ cmd: `rg -n parseConfig src # ${t}` }) } }] },
      { role: 'tool', tool_call_id: id, content: toolOutput(t, TURN_OUTPUT_BYTES) },
      { role: 'assistant', content: `Turn ${t}: the parser drops comments; next I check the tests.` },
    );
  }, size);
}

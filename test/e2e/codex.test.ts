// Issue 4, done-when 1: the real Codex CLI (@openai/codex, a dev dependency)
// through Switchyard's /v1/responses to a Chat Completions upstream, with one
// shell tool round trip, configured only by `switchyard configure codex`.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { CODEX_QUIET_TOML, makeSandbox, runCodex, type AgentSandbox } from '../helpers/coding-agents.js';
import { MODEL, PROVIDER, startAgentStage, toolMessages, type AgentStage } from '../helpers/gateway-for-agents.js';
import type { Script } from '../helpers/scripted-upstream.js';

// The shell computes 42, so the marker in the answer proves the command really ran.
const COMMAND = 'echo sy-marker-$((6*7))';
const MARKER = 'sy-marker-42';

const script: Script = (_protocol, body) => {
  const outputs = toolMessages(body);
  // Reasoning on the first turn: Codex gets a reasoning item and sends it back with the next request.
  if (outputs.length === 0) return { reasoning: 'The user wants the output; run it.', toolCall: { id: 'call_sy_1', name: 'exec_command', arguments: JSON.stringify({ cmd: COMMAND }) } };
  const seen = /sy-marker-\d+/.exec(outputs.map((o) => o.content).join('\n'))?.[0] ?? 'nothing';
  return { text: `FINAL ANSWER: the command printed ${seen}` };
};

let stage: AgentStage;
let sandbox: AgentSandbox;

before(async () => {
  stage = await startAgentStage('codex', script);
  sandbox = makeSandbox('codex');
});

after(async () => {
  await stage?.close();
  sandbox?.cleanup();
});

test('codex exec --profile runs a shell tool through Switchyard and prints the final answer', async () => {
  const codexHome = join(sandbox.root, 'codex-home');
  mkdirSync(codexHome);
  writeFileSync(join(codexHome, 'config.toml'), `# the user's own settings\n${CODEX_QUIET_TOML}`);

  const configured = await runCli(['configure', 'codex', '--provider', PROVIDER, '--model', MODEL, '--name', 'sy'], {
    env: { ...stage.cliEnv, CODEX_HOME: codexHome },
  });
  assert.equal(configured.code, 0, configured.stderr);
  assert.match(configured.stdout, /Use it: {2}codex --profile sy/);

  const r = await runCodex(['exec', '--profile', 'sy', '--skip-git-repo-check', 'Run the shell command and tell me what it printed.'], {
    sandbox,
    codexHome,
    env: { SWITCHYARD_API_KEY: stage.key },
  });
  const why = `codex exit ${r.code}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}\n--- server ---\n${stage.server.output()}`;
  assert.equal(r.code, 0, why);
  assert.match(r.stdout, new RegExp(`FINAL ANSWER: the command printed ${MARKER}`), why);

  const calls = stage.chatRequests();
  assert.equal(calls.length, 2, `two upstream calls, got ${calls.length}`);
  const first = calls[0]?.request.body as { model: string; tools?: { type: string; function: { name: string } }[] };
  assert.equal(first.model, 'agent-model', 'the provider prefix is stripped upstream');
  assert.ok(first.tools?.some((t) => t.function.name === 'exec_command'), 'Codex tools reach the upstream');
  assert.ok(first.tools?.every((t) => t.type === 'function'), 'namespace/web_search tools are dropped for a chat upstream');
  const outputs = toolMessages(calls[1]?.request.body);
  assert.equal(outputs[0]?.tool_call_id, 'call_sy_1');
  assert.ok(outputs[0]?.content.includes(MARKER), 'the command output went back upstream');
});

// Issue 4, done-when 1: the real Codex CLI (@openai/codex, a dev dependency)
// through Switchyard's /v1/responses to a Chat Completions upstream, with one
// shell tool round trip, configured only by `switchyard configure codex`.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { CODEX_QUIET_TOML, makeSandbox, runCodex, type AgentSandbox } from '../helpers/coding-agents.js';
import { MARKER, MARKER_COMMAND as COMMAND, MODEL, PROVIDER, markerReply, startAgentStage, toolMessages, type AgentStage } from '../helpers/gateway-for-agents.js';
import { startMockAnthropic } from '../helpers/mock-anthropic.js';
import { startMockGemini } from '../helpers/mock-gemini.js';
import type { Script } from '../helpers/scripted-upstream.js';

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

function codexHomeWithUserSettings(name: string): string {
  const codexHome = join(sandbox.root, name);
  mkdirSync(codexHome);
  writeFileSync(join(codexHome, 'config.toml'), `# the user's own settings\n${CODEX_QUIET_TOML}`);
  return codexHome;
}

test('codex exec --profile runs a shell tool through Switchyard and prints the final answer', async () => {
  const codexHome = codexHomeWithUserSettings('codex-home');

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

test('the same over an Anthropic-type and a Gemini-type upstream (Responses translated to their protocols)', async () => {
  const reply = markerReply('exec_command', { cmd: COMMAND });
  const upstreams = { ant: await startMockAnthropic({ reply }), gem: await startMockGemini({ reply }) };
  try {
    for (const [name, type] of [['ant', 'anthropic'], ['gem', 'gemini']] as const) {
      const up = upstreams[name];
      const added = await runCli(['providers', 'add', name, '--type', type, '--base-url', up.url, '--api-key', 'k', '--models', 'agent-model'], { env: stage.cliEnv });
      assert.equal(added.code, 0, added.stderr);
      const codexHome = codexHomeWithUserSettings(`codex-${name}`);
      const configured = await runCli(['configure', 'codex', '--model', `${name}/agent-model`, '--name', name], { env: { ...stage.cliEnv, CODEX_HOME: codexHome } });
      assert.equal(configured.code, 0, configured.stderr);
      const r = await runCodex(['exec', '--profile', name, '--skip-git-repo-check', 'Run the shell command and tell me what it printed.'], {
        sandbox,
        codexHome,
        env: { SWITCHYARD_API_KEY: stage.key },
      });
      const why = `${type}: codex exit ${r.code}\n${r.stdout}\n--- stderr ---\n${r.stderr.slice(-3000)}`;
      assert.equal(r.code, 0, why);
      assert.match(r.stdout, new RegExp(`FINAL ANSWER: the command printed ${MARKER}`), why);
      assert.equal(up.requests.length, 2, `${type}: a tool-call turn and a final turn`);
    }
  } finally {
    await upstreams.ant.close();
    await upstreams.gem.close();
  }
});

// Issue 4, done-when 2: the real Claude Code (@anthropic-ai/claude-code, a dev
// dependency) in `claude -p` through Switchyard's /v1/messages to a Chat
// Completions upstream, with one Bash tool round trip, configured only by
// `switchyard configure claude` (the key comes from the environment).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { makeSandbox, runClaude, type AgentSandbox } from '../helpers/coding-agents.js';
import { MARKER, MARKER_COMMAND as COMMAND, MODEL, markerReply, startAgentStage, toolMessages, type AgentStage } from '../helpers/gateway-for-agents.js';
import { startMockGemini } from '../helpers/mock-gemini.js';
import type { Script } from '../helpers/scripted-upstream.js';

const script: Script = (_protocol, body) => {
  // Only the agent loop carries tools; side requests (titles, summaries) get text.
  const tools = Array.isArray(body.tools) ? body.tools : [];
  const outputs = toolMessages(body);
  if (tools.length === 0) return { text: 'side answer' };
  if (outputs.length === 0) {
    return {
      reasoning: 'The user wants the output; run it.',
      toolCall: { id: 'toolu_sy_1', name: 'Bash', arguments: JSON.stringify({ command: COMMAND, description: 'Print the marker' }) },
    };
  }
  const seen = /sy-marker-\d+/.exec(outputs.map((o) => o.content).join('\n'))?.[0] ?? 'nothing';
  return { text: `FINAL ANSWER: the command printed ${seen}` };
};

let stage: AgentStage;
let sandbox: AgentSandbox;

before(async () => {
  stage = await startAgentStage('claude', script);
  sandbox = makeSandbox('claude');
});

after(async () => {
  await stage?.close();
  sandbox?.cleanup();
});

test('claude -p runs a Bash tool through Switchyard and prints the final answer', async () => {
  const configDir = join(sandbox.root, 'claude-config');
  const configured = await runCli(['configure', 'claude', '--model', MODEL], { env: { ...stage.cliEnv, CLAUDE_CONFIG_DIR: configDir } });
  assert.equal(configured.code, 0, configured.stderr);

  const r = await runClaude(['-p', 'Run the shell command and tell me what it printed.', '--allowedTools', 'Bash'], {
    sandbox,
    configDir,
    env: { ANTHROPIC_AUTH_TOKEN: stage.key },
  });
  const why = `claude exit ${r.code}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}\n--- server ---\n${stage.server.output()}`;
  assert.equal(r.code, 0, why);
  assert.match(r.stdout, new RegExp(`FINAL ANSWER: the command printed ${MARKER}`), why);

  const loop = stage.chatRequests().filter((e) => Array.isArray((e.request.body as { tools?: unknown }).tools));
  assert.equal(loop.length, 2, `two agent-loop calls upstream, got ${loop.length}`);
  const first = loop[0]?.request.body as { model: string; tools: { function: { name: string } }[] };
  assert.equal(first.model, 'agent-model');
  assert.ok(first.tools.some((t) => t.function.name === 'Bash'));
  const outputs = toolMessages(loop[1]?.request.body);
  assert.equal(outputs[0]?.tool_call_id, 'toolu_sy_1');
  assert.ok(outputs[0]?.content.includes(MARKER), 'the Bash output went back upstream');
});

// Over an Anthropic-type provider /v1/messages is passed through natively (betas and all), so
// the real API's behaviour applies; test/helpers/mock-anthropic.ts refuses Claude Code's
// mid-conversation `role: "system"` messages, which the real API accepts under that beta.
test('the same over a Gemini-type upstream (Messages translated to generateContent)', async () => {
  const gem = await startMockGemini({ reply: markerReply('Bash', { command: COMMAND, description: 'Print the marker' }) });
  try {
    const added = await runCli(['providers', 'add', 'gem', '--type', 'gemini', '--base-url', gem.url, '--api-key', 'k', '--models', 'agent-model'], { env: stage.cliEnv });
    assert.equal(added.code, 0, added.stderr);
    const configDir = join(sandbox.root, 'claude-gem');
    const configured = await runCli(['configure', 'claude', '--model', 'gem/agent-model'], { env: { ...stage.cliEnv, CLAUDE_CONFIG_DIR: configDir } });
    assert.equal(configured.code, 0, configured.stderr);
    const r = await runClaude(['-p', 'Run the shell command and tell me what it printed.', '--allowedTools', 'Bash'], {
      sandbox,
      configDir,
      env: { ANTHROPIC_AUTH_TOKEN: stage.key },
    });
    const why = `claude exit ${r.code}\n${r.stdout}\n--- stderr ---\n${r.stderr.slice(-3000)}`;
    assert.equal(r.code, 0, why);
    assert.match(r.stdout, new RegExp(`FINAL ANSWER: the command printed ${MARKER}`), why);
    assert.ok(gem.requests.some((q) => JSON.stringify(q.body).includes(MARKER)), 'the Bash output reached the Gemini upstream');
  } finally {
    await gem.close();
  }
});

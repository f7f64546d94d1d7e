// Issue 15, done-when 2: real Codex CLI and real Claude Code through Switchyard
// to a DeepSeek-style thinking upstream (test/helpers/mock-deepseek.ts), with
// two tool calls: the upstream refuses the conversation unless each earlier
// tool-call turn comes back with its exact reasoning_content, which only the
// sealed reasoning (Responses encrypted_content, Anthropic thinking signature)
// can carry through the client. With sealing off the same flow fails.
// Then both agents on a thinking Anthropic upstream and a Gemini 3 upstream (below).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli, startServerProcess, tempDir, type ServerProcess, type TempDir } from '../helpers/cli.js';
import { CODEX_QUIET_TOML, makeSandbox, runClaude, runCodex, type AgentSandbox } from '../helpers/coding-agents.js';
import { signThinking } from '../helpers/anthropic-thinking.js';
import { startMockAnthropic } from '../helpers/mock-anthropic.js';
import { signCall } from '../helpers/gemini-thinking.js';
import { startMockGemini } from '../helpers/mock-gemini.js';
import { startMockDeepSeek, type DeepSeekTurn, type MockDeepSeek } from '../helpers/mock-deepseek.js';
import type { MockReply } from '../helpers/mock-upstream-base.js';
import { mkdirSync, writeFileSync } from 'node:fs';

const FIRST = 'echo sy-first-$((6*7))';
const SECOND = 'echo sy-second-$((7*8))';

/** Tool call 1, tool call 2, then the answer naming both outputs; side requests (no tools) get text. */
function script(tool: string, args: (cmd: string) => Record<string, string>) {
  return (body: Record<string, unknown>, toolResults: number): DeepSeekTurn => {
    const tools = Array.isArray(body.tools) ? (body.tools as { function?: { name?: string } }[]) : [];
    if (!tools.some((t) => t.function?.name === tool)) return { reasoning: 'A side question.', text: 'side answer' };
    if (toolResults === 0) return { reasoning: 'First I run the first command; the <user> wants "both" outputs.', toolCall: { name: tool, arguments: JSON.stringify(args(FIRST)) } };
    if (toolResults === 1) return { reasoning: 'Now the second command.', toolCall: { name: tool, arguments: JSON.stringify(args(SECOND)) } };
    const s = JSON.stringify(body.messages);
    const seen = [/sy-first-\d+/.exec(s)?.[0] ?? 'nothing', /sy-second-\d+/.exec(s)?.[0] ?? 'nothing'];
    return { reasoning: 'Both ran; answer.', text: `FINAL ANSWER: ${seen.join(' and ')}` };
  };
}

interface Stage {
  dir: TempDir;
  server: ServerProcess;
  cliEnv: Record<string, string>;
  key: string;
}

async function stage(name: string, upstreamUrl: string, env: Record<string, string> = {}, provider = { name: 'ds', type: 'openai-compatible', model: 'deepseek-reasoner' }): Promise<Stage> {
  const dir = tempDir(name);
  const server = await startServerProcess({ stateDir: join(dir.path, 'state'), env });
  const cliEnv = { SWITCHYARD_HOME: join(dir.path, 'cli'), SWITCHYARD_URL: server.url };
  const added = await runCli(['providers', 'add', provider.name, '--type', provider.type, '--base-url', upstreamUrl, '--api-key', 'k', '--models', provider.model], { env: cliEnv });
  assert.equal(added.code, 0, added.stderr);
  const created = await runCli(['keys', 'add', '--name', name, '--json'], { env: cliEnv });
  assert.equal(created.code, 0, created.stderr);
  return { dir, server, cliEnv, key: (JSON.parse(created.stdout) as { key: string }).key };
}

let sandbox: AgentSandbox;
const cleanups: (() => Promise<void> | void)[] = [];

before(() => {
  sandbox = makeSandbox('reasoning');
});

after(async () => {
  for (const c of cleanups.reverse()) await c();
  sandbox?.cleanup();
});

/** Real Codex, configured by `configure codex` for `model` on the stage, asked for both commands. */
async function runCodexOn(st: Stage, name: string, model: string) {
  const codexHome = join(sandbox.root, `codex-${name}`);
  mkdirSync(codexHome);
  // A user's own setting: thinking at medium effort (Codex sends it as reasoning.effort).
  writeFileSync(join(codexHome, 'config.toml'), `model_reasoning_effort = "medium"\n${CODEX_QUIET_TOML}`);
  const configured = await runCli(['configure', 'codex', '--model', model, '--name', 'sy'], { env: { ...st.cliEnv, CODEX_HOME: codexHome } });
  assert.equal(configured.code, 0, configured.stderr);
  return runCodex(['exec', '--profile', 'sy', '--skip-git-repo-check', 'Run both shell commands and tell me what they printed.'], {
    sandbox,
    codexHome,
    env: { SWITCHYARD_API_KEY: st.key },
  });
}

const explain = (r: { code: number | null; stdout: string; stderr: string }, st: Stage, refusals: string[]) =>
  `codex exit ${r.code}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr.slice(-4000)}\n--- server ---\n${st.server.output()}\nrefusals: ${refusals.join('\n')}`;

async function codexFlow(name: string, env: Record<string, string>) {
  const ds = await startMockDeepSeek(script('exec_command', (cmd) => ({ cmd })));
  const st = await stage(name, ds.url, env);
  cleanups.push(() => ds.close(), () => st.server.stop(), () => st.dir.cleanup());
  const r = await runCodexOn(st, name, 'ds/deepseek-reasoner');
  return { ds, st, r, why: explain(r, st, ds.refusals) };
}

async function claudeFlow(name: string, env: Record<string, string>) {
  const ds = await startMockDeepSeek(script('Bash', (command) => ({ command, description: 'Print a marker' })));
  const st = await stage(name, ds.url, env);
  cleanups.push(() => ds.close(), () => st.server.stop(), () => st.dir.cleanup());
  const configDir = join(sandbox.root, `claude-${name}`);
  const configured = await runCli(['configure', 'claude', '--model', 'ds/deepseek-reasoner'], { env: { ...st.cliEnv, CLAUDE_CONFIG_DIR: configDir } });
  assert.equal(configured.code, 0, configured.stderr);
  const r = await runClaude(['-p', 'Run both shell commands and tell me what they printed.', '--allowedTools', 'Bash'], {
    sandbox,
    configDir,
    env: { ANTHROPIC_AUTH_TOKEN: st.key },
  });
  return { ds, st, r, why: `claude exit ${r.code}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr.slice(-4000)}\n--- server ---\n${st.server.output()}\nrefusals: ${ds.refusals.join('\n')}` };
}

/** The loop requests (with tools) the upstream accepted, and that each tool turn carried its reasoning back. */
function assertReasoningCameBack(ds: MockDeepSeek, tool: string, why: string): void {
  const loop = ds.requests.filter((q) => Array.isArray(q.body.tools) && (q.body.tools as { function?: { name?: string } }[]).some((t) => t.function?.name === tool));
  assert.ok(loop.length >= 3, `three agent-loop calls upstream, got ${loop.length}\n${why}`);
  const last = loop.at(-1)?.body.messages as { role: string; tool_calls?: unknown[]; reasoning_content?: string }[];
  const turns = last.filter((m) => m.role === 'assistant' && m.tool_calls?.length);
  assert.deepEqual(turns.map((m) => m.reasoning_content), ['First I run the first command; the <user> wants "both" outputs.', 'Now the second command.'], why);
  assert.equal(ds.refusals.length, 0, why);
}

test('Codex: two tool calls on a DeepSeek-style thinking upstream, reasoning sealed into encrypted_content', { timeout: 240_000 }, async () => {
  const { ds, r, why } = await codexFlow('codex-on', {});
  assert.equal(r.code, 0, why);
  assert.match(r.stdout, /FINAL ANSWER: sy-first-42 and sy-second-56/, why);
  assertReasoningCameBack(ds, 'exec_command', why);
});

test('Codex: the same flow fails with sealing off (the upstream refuses the second call)', { timeout: 240_000 }, async () => {
  const { ds, r, why } = await codexFlow('codex-off', { SWITCHYARD_REASONING_SEAL: 'off' });
  assert.doesNotMatch(r.stdout, /FINAL ANSWER: sy-first-42 and sy-second-56/, why);
  assert.ok(ds.refusals.length > 0, `the upstream refused a conversation without its reasoning\n${why}`);
});

test('Claude Code: two tool calls on a DeepSeek-style thinking upstream, reasoning sealed into the thinking signature', { timeout: 240_000 }, async () => {
  const { ds, r, why } = await claudeFlow('claude-on', {});
  assert.equal(r.code, 0, why);
  assert.match(r.stdout, /FINAL ANSWER: sy-first-42 and sy-second-56/, why);
  assertReasoningCameBack(ds, 'Bash', why);
});

test('Claude Code: the same flow fails with sealing off', { timeout: 240_000 }, async () => {
  const { ds, r, why } = await claudeFlow('claude-off', { SWITCHYARD_REASONING_SEAL: 'off' });
  assert.doesNotMatch(r.stdout, /FINAL ANSWER: sy-first-42 and sy-second-56/, why);
  assert.ok(ds.refusals.length > 0, `the upstream refused a conversation without its reasoning\n${why}`);
});

// The same two tool calls through an Anthropic upstream that thinks (test/helpers/mock-anthropic.ts):
// each loop turn must come back opening with the thinking block, signature and all,
// which only the seal in encrypted_content carries through Codex.

/** Tool call 1, tool call 2, then the answer; counts tool results in an Anthropic body. */
function anthropicScript(body: Record<string, unknown>): MockReply {
  const tools = Array.isArray(body.tools) ? (body.tools as { name?: string }[]) : [];
  if (!tools.some((t) => t.name === 'exec_command')) return { text: 'side answer' };
  const s = JSON.stringify(body.messages);
  const results = (s.match(/"tool_result"/g) ?? []).length;
  if (results === 0) return { thinking: THOUGHT_1, toolCall: { id: 'toolu_sy_1', name: 'exec_command', arguments: JSON.stringify({ cmd: FIRST }) } };
  if (results === 1) return { thinking: THOUGHT_2, redactedThinking: 'a hidden second thought', toolCall: { id: 'toolu_sy_2', name: 'exec_command', arguments: JSON.stringify({ cmd: SECOND }) } };
  const seen = [/sy-first-\d+/.exec(s)?.[0] ?? 'nothing', /sy-second-\d+/.exec(s)?.[0] ?? 'nothing'];
  return { thinking: 'Both ran.', text: `FINAL ANSWER: ${seen.join(' and ')}` };
}
const THOUGHT_1 = 'First I run the first command; the <user> wants "both" outputs.';
const THOUGHT_2 = 'Now the second command.';

async function codexOnAnthropic(name: string, env: Record<string, string>) {
  const up = await startMockAnthropic({ reply: anthropicScript });
  const st = await stage(name, up.url, env, { name: 'anth', type: 'anthropic', model: 'claude-sonnet-4-5' });
  cleanups.push(() => up.close(), () => st.server.stop(), () => st.dir.cleanup());
  const r = await runCodexOn(st, name, 'anth/claude-sonnet-4-5');
  const loop = up.requests.filter((q) => JSON.stringify(q.body?.tools ?? []).includes('"exec_command"'));
  return { up, loop, r, why: explain(r, st, up.refusals) };
}

/** Each assistant tool turn of the last loop request, as the block types and thoughts it opened with. */
function anthropicTurns(body: Record<string, unknown> | null | undefined) {
  const messages = (body?.messages ?? []) as { role: string; content: { type: string; thinking?: string; signature?: string }[] | string }[];
  return messages
    .filter((m) => m.role === 'assistant' && Array.isArray(m.content) && m.content.some((b) => b.type === 'tool_use'))
    .map((m) => (m.content as { type: string; thinking?: string; signature?: string }[]).filter((b) => b.type !== 'text').map((b) => (b.type === 'thinking' ? `thinking:${b.thinking}:${b.signature === signThinking(String(b.thinking))}` : b.type)));
}

test('Codex: two tool calls on a thinking Anthropic upstream, thinking + signature sealed into encrypted_content', { timeout: 240_000 }, async () => {
  const { loop, r, up, why } = await codexOnAnthropic('codex-anth-on', {});
  assert.equal(r.code, 0, why);
  assert.match(r.stdout, /FINAL ANSWER: sy-first-42 and sy-second-56/, why);
  assert.ok(loop.length >= 3, `three agent-loop calls upstream, got ${loop.length}\n${why}`);
  assert.ok(loop.every((q) => (q.body?.thinking as { type?: string } | undefined)?.type === 'enabled'), `Codex's reasoning effort turned thinking on\n${why}`);
  assert.deepEqual(anthropicTurns(loop.at(-1)?.body), [
    [`thinking:${THOUGHT_1}:true`, 'tool_use'],
    [`thinking:${THOUGHT_2}:true`, 'redacted_thinking', 'tool_use'],
  ], why);
  assert.equal(up.refusals.length, 0, why);
});

test('Codex on the thinking Anthropic upstream with sealing off: the thinking is lost, so the loop goes on without it', { timeout: 240_000 }, async () => {
  const { loop, r, why } = await codexOnAnthropic('codex-anth-off', { SWITCHYARD_REASONING_SEAL: 'off' });
  assert.equal(r.code, 0, why);
  assert.deepEqual(anthropicTurns(loop.at(-1)?.body), [['tool_use'], ['tool_use']], why);
  assert.equal(loop.at(-1)?.body?.thinking, undefined, `thinking turned off rather than refused\n${why}`);
});

// And through a Gemini 3 upstream (test/helpers/mock-gemini.ts, a gemini-3 model): each
// function call must come back with the thoughtSignature it was issued with.

function geminiScript(body: Record<string, unknown>): MockReply {
  const s = JSON.stringify(body.contents);
  if (!JSON.stringify(body.tools ?? []).includes('"exec_command"')) return { text: 'side answer' };
  const results = (s.match(/"functionResponse"/g) ?? []).length;
  if (results === 0) return { thinking: THOUGHT_1, toolCall: { name: 'exec_command', arguments: JSON.stringify({ cmd: FIRST }) } };
  if (results === 1) return { thinking: THOUGHT_2, toolCall: { name: 'exec_command', arguments: JSON.stringify({ cmd: SECOND }) } };
  const seen = [/sy-first-\d+/.exec(s)?.[0] ?? 'nothing', /sy-second-\d+/.exec(s)?.[0] ?? 'nothing'];
  return { text: `FINAL ANSWER: ${seen.join(' and ')}` };
}

async function codexOnGemini(name: string, env: Record<string, string>) {
  const up = await startMockGemini({ reply: geminiScript });
  const st = await stage(name, up.url, env, { name: 'gem', type: 'gemini', model: 'gemini-3-pro-preview' });
  cleanups.push(() => up.close(), () => st.server.stop(), () => st.dir.cleanup());
  const r = await runCodexOn(st, name, 'gem/gemini-3-pro-preview');
  const loop = up.requests.filter((q) => JSON.stringify(q.body?.tools ?? []).includes('"exec_command"'));
  return { up, loop, r, why: explain(r, st, up.refusals) };
}

/** Per model turn with a call in the last loop request: whether its signature is the one issued for it. */
function geminiSignatures(body: Record<string, unknown> | null | undefined): string[] {
  const contents = (body?.contents ?? []) as { role: string; parts: { functionCall?: { name: string; args: unknown }; thoughtSignature?: string }[] }[];
  return contents.flatMap((c) => c.parts.filter((p) => p.functionCall)).map((p) => (p.thoughtSignature === signCall(String(p.functionCall?.name), p.functionCall?.args) ? 'issued' : String(p.thoughtSignature)));
}

test('Codex: two tool calls on a Gemini 3 upstream, thought signatures sealed into encrypted_content', { timeout: 240_000 }, async () => {
  const { loop, r, up, why } = await codexOnGemini('codex-gem-on', {});
  assert.equal(r.code, 0, why);
  assert.match(r.stdout, /FINAL ANSWER: sy-first-42 and sy-second-56/, why);
  assert.ok(loop.length >= 3, `three agent-loop calls upstream, got ${loop.length}\n${why}`);
  assert.deepEqual(geminiSignatures(loop.at(-1)?.body), ['issued', 'issued'], why);
  assert.equal(up.refusals.length, 0, why);
});

test('Codex on the Gemini 3 upstream with sealing off: the signatures are lost (the documented placeholder goes instead)', { timeout: 240_000 }, async () => {
  const { loop, r, why } = await codexOnGemini('codex-gem-off', { SWITCHYARD_REASONING_SEAL: 'off' });
  assert.equal(r.code, 0, why);
  assert.deepEqual(geminiSignatures(loop.at(-1)?.body), ['skip_thought_signature_validator', 'skip_thought_signature_validator'], why);
});

// Claude Code on the same two fakes. Its tool is Bash ({command, description}); the
// scripts above are reused with that tool, so the same two commands run.

const claudeAnthropicScript = (body: Record<string, unknown>): MockReply => {
  const tools = Array.isArray(body.tools) ? (body.tools as { name?: string }[]) : [];
  if (!tools.some((t) => t.name === 'Bash')) return { text: 'side answer' };
  const s = JSON.stringify(body.messages);
  const results = (s.match(/"tool_result"/g) ?? []).length;
  const bash = (command: string) => JSON.stringify({ command, description: 'Print a marker' });
  if (results === 0) return { thinking: THOUGHT_1, toolCall: { id: 'toolu_sy_1', name: 'Bash', arguments: bash(FIRST) } };
  if (results === 1) return { thinking: THOUGHT_2, redactedThinking: 'a hidden second thought', toolCall: { id: 'toolu_sy_2', name: 'Bash', arguments: bash(SECOND) } };
  const seen = [/sy-first-\d+/.exec(s)?.[0] ?? 'nothing', /sy-second-\d+/.exec(s)?.[0] ?? 'nothing'];
  return { thinking: 'Both ran.', text: `FINAL ANSWER: ${seen.join(' and ')}` };
};

/** Real Claude Code, configured by `configure claude` for `model` on the stage, asked for both commands. */
async function runClaudeOn(st: Stage, name: string, model: string, env: Record<string, string> = {}) {
  const configDir = join(sandbox.root, `claude-${name}`);
  const configured = await runCli(['configure', 'claude', '--model', model], { env: { ...st.cliEnv, CLAUDE_CONFIG_DIR: configDir } });
  assert.equal(configured.code, 0, configured.stderr);
  return runClaude(['-p', 'Run both shell commands and tell me what they printed.', '--allowedTools', 'Bash'], {
    sandbox,
    configDir,
    env: { ANTHROPIC_AUTH_TOKEN: st.key, ...env },
  });
}

const explainClaude = (r: { code: number | null; stdout: string; stderr: string }, st: Stage, refusals: string[]) =>
  `claude exit ${r.code}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr.slice(-4000)}\n--- server ---\n${st.server.output()}\nrefusals: ${refusals.join('\n')}`;

// Claude Code → Anthropic upstream is the native Messages pass-through: Switchyard
// forwards the thinking blocks Claude Code got from the upstream, and Claude Code sends
// them back as they came; no seal is made or opened, so SWITCHYARD_REASONING_SEAL=off
// changes nothing here and has no counterpart test. What makes this test able to fail
// is the fake itself: it refuses (400) a tool loop whose last assistant turn does not
// open with thinking, and any thinking block whose signature is missing or does not
// match its thought (anthropic-thinking.ts), so a pass-through that dropped, reordered
// or re-signed the blocks shows as a refusal and no final answer.
test('Claude Code: two tool calls on a thinking Anthropic upstream, thinking blocks and signatures passed through', { timeout: 240_000 }, async () => {
  const up = await startMockAnthropic({ reply: claudeAnthropicScript });
  const st = await stage('claude-anth', up.url, {}, { name: 'anth', type: 'anthropic', model: 'claude-sonnet-4-5' });
  cleanups.push(() => up.close(), () => st.server.stop(), () => st.dir.cleanup());
  // Claude Code thinks with a budget when asked to (its MAX_THINKING_TOKENS setting).
  const r = await runClaudeOn(st, 'anth', 'anth/claude-sonnet-4-5', { MAX_THINKING_TOKENS: '2048' });
  const why = explainClaude(r, st, up.refusals);
  const loop = up.requests.filter((q) => JSON.stringify(q.body?.tools ?? []).includes('"Bash"'));
  assert.equal(r.code, 0, why);
  assert.match(r.stdout, /FINAL ANSWER: sy-first-42 and sy-second-56/, why);
  assert.ok(loop.length >= 3, `three agent-loop calls upstream, got ${loop.length}\n${why}`);
  assert.ok(loop.every((q) => (q.body?.thinking as { type?: string } | undefined)?.type !== undefined), `Claude Code turned thinking on\n${why}`);
  assert.deepEqual(anthropicTurns(loop.at(-1)?.body), [
    [`thinking:${THOUGHT_1}:true`, 'tool_use'],
    [`thinking:${THOUGHT_2}:true`, 'redacted_thinking', 'tool_use'],
  ], why);
  assert.equal(up.refusals.length, 0, why);
});

/** geminiScript for Claude Code's Bash tool. */
function claudeGeminiScript(body: Record<string, unknown>): MockReply {
  const s = JSON.stringify(body.contents);
  if (!JSON.stringify(body.tools ?? []).includes('"Bash"')) return { text: 'side answer' };
  const results = (s.match(/"functionResponse"/g) ?? []).length;
  const bash = (command: string) => JSON.stringify({ command, description: 'Print a marker' });
  if (results === 0) return { thinking: THOUGHT_1, toolCall: { name: 'Bash', arguments: bash(FIRST) } };
  if (results === 1) return { thinking: THOUGHT_2, toolCall: { name: 'Bash', arguments: bash(SECOND) } };
  const seen = [/sy-first-\d+/.exec(s)?.[0] ?? 'nothing', /sy-second-\d+/.exec(s)?.[0] ?? 'nothing'];
  return { text: `FINAL ANSWER: ${seen.join(' and ')}` };
}

// Claude Code → Gemini goes Messages → chat → generateContent: the only way a call's
// thoughtSignature comes back is inside the thinking block's signature, Switchyard's seal.
async function claudeOnGemini(name: string, env: Record<string, string>) {
  const up = await startMockGemini({ reply: claudeGeminiScript });
  const st = await stage(name, up.url, env, { name: 'gem', type: 'gemini', model: 'gemini-3-pro-preview' });
  cleanups.push(() => up.close(), () => st.server.stop(), () => st.dir.cleanup());
  const r = await runClaudeOn(st, name, 'gem/gemini-3-pro-preview');
  const loop = up.requests.filter((q) => JSON.stringify(q.body?.tools ?? []).includes('"Bash"'));
  return { up, loop, r, why: explainClaude(r, st, up.refusals) };
}

test('Claude Code: two tool calls on a Gemini 3 upstream, thought signatures sealed into the thinking signature', { timeout: 240_000 }, async () => {
  const { loop, r, up, why } = await claudeOnGemini('claude-gem-on', {});
  assert.equal(r.code, 0, why);
  assert.match(r.stdout, /FINAL ANSWER: sy-first-42 and sy-second-56/, why);
  assert.ok(loop.length >= 3, `three agent-loop calls upstream, got ${loop.length}\n${why}`);
  assert.deepEqual(geminiSignatures(loop.at(-1)?.body), ['issued', 'issued'], why);
  assert.equal(up.refusals.length, 0, why);
});

test('Claude Code on the Gemini 3 upstream with sealing off: the signatures are lost (the documented placeholder goes instead)', { timeout: 240_000 }, async () => {
  const { loop, r, why } = await claudeOnGemini('claude-gem-off', { SWITCHYARD_REASONING_SEAL: 'off' });
  assert.equal(r.code, 0, why);
  assert.deepEqual(geminiSignatures(loop.at(-1)?.body), ['skip_thought_signature_validator', 'skip_thought_signature_validator'], why);
});

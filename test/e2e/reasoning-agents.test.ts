// Issue 15, done-when 2: real Codex CLI and real Claude Code through Switchyard
// to a DeepSeek-style thinking upstream (test/helpers/mock-deepseek.ts), with
// two tool calls: the upstream refuses the conversation unless each earlier
// tool-call turn comes back with its exact reasoning_content, which only the
// sealed reasoning (Responses encrypted_content, Anthropic thinking signature)
// can carry through the client. With sealing off the same flow fails.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli, startServerProcess, tempDir, type ServerProcess, type TempDir } from '../helpers/cli.js';
import { CODEX_QUIET_TOML, makeSandbox, runClaude, runCodex, type AgentSandbox } from '../helpers/coding-agents.js';
import { startMockDeepSeek, type DeepSeekTurn, type MockDeepSeek } from '../helpers/mock-deepseek.js';
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

async function stage(name: string, upstreamUrl: string, env: Record<string, string> = {}): Promise<Stage> {
  const dir = tempDir(name);
  const server = await startServerProcess({ stateDir: join(dir.path, 'state'), env });
  const cliEnv = { SWITCHYARD_HOME: join(dir.path, 'cli'), SWITCHYARD_URL: server.url };
  const added = await runCli(['providers', 'add', 'ds', '--base-url', upstreamUrl, '--api-key', 'k', '--models', 'deepseek-reasoner'], { env: cliEnv });
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

async function codexFlow(name: string, env: Record<string, string>) {
  const ds = await startMockDeepSeek(script('exec_command', (cmd) => ({ cmd })));
  const st = await stage(name, ds.url, env);
  cleanups.push(() => ds.close(), () => st.server.stop(), () => st.dir.cleanup());
  const codexHome = join(sandbox.root, `codex-${name}`);
  mkdirSync(codexHome);
  writeFileSync(join(codexHome, 'config.toml'), CODEX_QUIET_TOML);
  const configured = await runCli(['configure', 'codex', '--model', 'ds/deepseek-reasoner', '--name', 'sy'], { env: { ...st.cliEnv, CODEX_HOME: codexHome } });
  assert.equal(configured.code, 0, configured.stderr);
  const r = await runCodex(['exec', '--profile', 'sy', '--skip-git-repo-check', 'Run both shell commands and tell me what they printed.'], {
    sandbox,
    codexHome,
    env: { SWITCHYARD_API_KEY: st.key },
  });
  return { ds, st, r, why: `codex exit ${r.code}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr.slice(-4000)}\n--- server ---\n${st.server.output()}\nrefusals: ${ds.refusals.join('\n')}` };
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

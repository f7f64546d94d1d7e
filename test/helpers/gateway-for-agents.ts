// The stage for a real coding agent: a Switchyard server process whose one
// provider is a scripted Chat Completions upstream, and an inference key — all
// set up through the CLI, as a user would.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runCli, startServerProcess, tempDir, type ServerProcess, type TempDir } from './cli.js';
import { startScriptedUpstream, type Exchange, type Script, type ScriptedUpstream } from './scripted-upstream.js';

export interface AgentStage {
  dir: TempDir;
  server: ServerProcess;
  upstream: ScriptedUpstream;
  /** SWITCHYARD_HOME + SWITCHYARD_URL for `runCli`. */
  cliEnv: Record<string, string>;
  key: string;
  /** Chat Completions requests the upstream received (what Switchyard sent). */
  chatRequests(): Exchange[];
  close(): Promise<void>;
}

export const PROVIDER = 'mock';
export const MODEL = 'mock/agent-model';

export async function startAgentStage(prefix: string, script: Script): Promise<AgentStage> {
  const dir = tempDir(prefix);
  const upstream = await startScriptedUpstream(script);
  let server: ServerProcess | undefined;
  try {
    server = await startServerProcess({ stateDir: join(dir.path, 'state') });
    const cliEnv = { SWITCHYARD_HOME: join(dir.path, 'cli'), SWITCHYARD_URL: server.url };
    const added = await runCli(['providers', 'add', PROVIDER, '--base-url', `${upstream.url}/v1`, '--api-key', 'upstream-secret', '--models', 'agent-model'], { env: cliEnv });
    assert.equal(added.code, 0, added.stderr);
    const created = await runCli(['keys', 'add', '--name', prefix, '--json'], { env: cliEnv });
    assert.equal(created.code, 0, created.stderr);
    const { key } = JSON.parse(created.stdout) as { key: string };
    const s = server;
    return {
      dir,
      server: s,
      upstream,
      cliEnv,
      key,
      chatRequests: () => upstream.exchanges.filter((e) => e.request.url.endsWith('/chat/completions')),
      async close() {
        await s.stop();
        await upstream.close();
        dir.cleanup();
      },
    };
  } catch (err) {
    await server?.stop();
    await upstream.close();
    dir.cleanup();
    throw err;
  }
}

/** The text of every `role: "tool"` message in a chat request. */
export function toolMessages(body: unknown): { tool_call_id: string; content: string }[] {
  const messages = (body as { messages?: { role: string; tool_call_id?: string; content?: unknown }[] }).messages ?? [];
  return messages
    .filter((m) => m.role === 'tool')
    .map((m) => ({ tool_call_id: m.tool_call_id ?? '', content: typeof m.content === 'string' ? m.content : JSON.stringify(m.content) }));
}

/** The shell computes 42, so seeing this marker proves the agent really ran the command. */
export const MARKER_COMMAND = 'echo sy-marker-$((6*7))';
export const MARKER = 'sy-marker-42';

/**
 * A reply function for the protocol mocks (mock-anthropic, mock-gemini): a call
 * to `tool` until the marker comes back in a tool result, then text naming it.
 * Requests that do not offer `tool` (titles, summaries) get plain text.
 */
export function markerReply(tool: string, args: Record<string, string>): (body: Record<string, unknown>) => { text: string } | { toolCall: { id: string; name: string; arguments: string } } {
  return (body) => {
    const s = JSON.stringify(body);
    if (s.includes(MARKER)) return { text: `FINAL ANSWER: the command printed ${MARKER}` };
    if (!s.includes(`"${tool}"`)) return { text: 'side answer' };
    return { toolCall: { id: 'call_native_1', name: tool, arguments: JSON.stringify(args) } };
  };
}

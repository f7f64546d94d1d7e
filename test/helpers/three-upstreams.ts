// A Switchyard process in front of three mock upstreams, one per protocol
// (OpenAI-compatible, Anthropic, Gemini), with an inference key and a combo that
// mixes them. Configured through /api with the CLI machine token, as the CLI does.
import { join } from 'node:path';
import { CLI_TOKEN_HEADER, deriveCliToken } from '../../src/core/index.js';
import { startServerProcess, tempDir, type ServerProcess, type TempDir } from './cli.js';
import { startMockAnthropic } from './mock-anthropic.js';
import { startMockGemini } from './mock-gemini.js';
import { startMockResponses } from './mock-responses.js';
import { MOCK_TOOL_ARGUMENTS, startMockOpenAI, type MockOpenAI } from './mock-openai.js';
import type { MockReply, MockUpstream } from './mock-upstream-base.js';

export { MOCK_TOOL_ARGUMENTS };

export interface ThreeUpstreams {
  server: ServerProcess;
  key: string;
  openai: MockOpenAI;
  anthropic: MockUpstream;
  gemini: MockUpstream;
  /** An OpenAI-compatible provider that speaks the Responses API itself (`supportsResponses`). */
  responses: MockUpstream;
  /** `provider/model` of each upstream, by protocol. */
  models: { openai: string; anthropic: string; gemini: string; responses: string };
  /** A fallback combo: anthropic, then gemini, then openai. */
  combo: string;
  api(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }>;
  close(): Promise<void>;
}

export const TEXT = {
  openai: 'Hello from the mock upstream.',
  anthropic: 'Hello from mock anthropic.',
  gemini: 'Hello from mock gemini.',
  responses: 'Hello from mock responses.',
};

/** Like the OpenAI mock: call the tool when one is offered and no result came back yet, else answer in text. */
function toolThenText(text: string, lastIsResult: (body: Record<string, unknown>) => boolean) {
  return (body: Record<string, unknown>): MockReply => {
    const tools = body.tools as { name?: string; functionDeclarations?: { name: string }[] }[] | undefined;
    const name = tools?.[0]?.name ?? tools?.[0]?.functionDeclarations?.[0]?.name;
    return name && !lastIsResult(body) ? { toolCall: { name, arguments: MOCK_TOOL_ARGUMENTS } } : { text };
  };
}

const lastAnthropicIsResult = (b: Record<string, unknown>): boolean =>
  JSON.stringify((b.messages as unknown[]).at(-1)).includes('"tool_result"');
const lastResponsesIsResult = (b: Record<string, unknown>): boolean =>
  Array.isArray(b.input) && JSON.stringify(b.input.at(-1)).includes('"function_call_output"');
const lastGeminiIsResult = (b: Record<string, unknown>): boolean =>
  JSON.stringify((b.contents as unknown[]).at(-1)).includes('"functionResponse"');

export async function startThreeUpstreams(): Promise<ThreeUpstreams> {
  const dir: TempDir = tempDir('sdk');
  const openai = await startMockOpenAI({ apiKey: 'sk-upstream-openai', models: ['mock-small'] });
  const anthropic = await startMockAnthropic({ apiKey: 'sk-ant-upstream', reply: toolThenText(TEXT.anthropic, lastAnthropicIsResult) });
  const gemini = await startMockGemini({ apiKey: 'AIza-upstream', reply: toolThenText(TEXT.gemini, lastGeminiIsResult) });
  const responses = await startMockResponses({ apiKey: 'sk-upstream-responses', reply: toolThenText(TEXT.responses, lastResponsesIsResult) });
  const server = await startServerProcess({ stateDir: join(dir.path, 'state') });
  const headers = { [CLI_TOKEN_HEADER]: deriveCliToken(), 'content-type': 'application/json' };
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(server.url + path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: res.status, json: (await res.json()) as unknown };
  };
  const must = async (path: string, body: unknown): Promise<Record<string, unknown>> => {
    const r = await api('POST', path, body);
    if (r.status !== 201 && r.status !== 200) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.json)}`);
    return r.json as Record<string, unknown>;
  };
  await must('/api/providers', { name: 'oa', type: 'openai-compatible', baseUrl: openai.url, apiKey: 'sk-upstream-openai', models: ['mock-small'] });
  await must('/api/providers', { name: 'ant', type: 'anthropic', baseUrl: anthropic.url, apiKey: 'sk-ant-upstream', models: ['claude-mock-1'] });
  await must('/api/providers', { name: 'gem', type: 'gemini', baseUrl: gemini.url, apiKey: 'AIza-upstream', models: ['gemini-mock'] });
  await must('/api/providers', {
    name: 'oar',
    type: 'openai-compatible',
    baseUrl: `${responses.url}/v1`,
    apiKey: 'sk-upstream-responses',
    models: ['gpt-native'],
    supportsResponses: true,
  });
  const models = { openai: 'oa/mock-small', anthropic: 'ant/claude-mock-1', gemini: 'gem/gemini-mock', responses: 'oar/gpt-native' };
  await must('/api/combos', { name: 'mixed', strategy: 'fallback', targets: [models.anthropic, models.gemini, models.openai] });
  const key = String((await must('/api/keys', { name: 'sdk-e2e' })).key);
  return {
    server,
    key,
    openai,
    anthropic,
    gemini,
    responses,
    models,
    combo: 'mixed',
    api,
    async close() {
      await server.stop();
      await Promise.all([openai.close(), anthropic.close(), gemini.close(), responses.close()]);
      dir.cleanup();
    },
  };
}

export interface UsageRow {
  api: string;
  status: number;
  inputTokens: number;
  outputTokens: number;
  provider: string | null;
}

/** Successful usage rows of one API, once at least `min` are written (recording is batched). */
export async function waitForUsage(up: ThreeUpstreams, api: string, min: number, also: (rows: UsageRow[]) => boolean = () => true): Promise<UsageRow[]> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const { json } = await up.api('GET', '/api/logs?limit=500');
    const rows = (json as { records: UsageRow[] }).records.filter((r) => r.api === api && r.status === 200);
    if ((rows.length >= min && also(rows)) || Date.now() > deadline) return rows;
    await new Promise((r) => setTimeout(r, 200));
  }
}

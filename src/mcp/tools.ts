/**
 * The management tools an agent gets over MCP. Each wraps one management
 * route; its scope is that route's scope (tools.test.ts checks it against the
 * guard's table), so the annotation and the refusal agree.
 */
import { z } from 'zod';
import { COMBO_STRATEGIES, type ComboStrategy } from '../core/index.js';
import type { ApiAnswer, ApiCall, Scope, ToolAnnotationsSpec } from './types.js';

export interface ToolSpec {
  name: string;
  title: string;
  description: string;
  /** The management route whose guard decides (method + example path). */
  route: { method: string; path: string };
  scope: Scope;
  annotations: ToolAnnotationsSpec;
  input: z.ZodRawShape;
  run(args: Record<string, unknown>, api: ApiCall): Promise<ApiAnswer>;
}

const READ: ToolAnnotationsSpec = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
const enc = encodeURIComponent;
const since = z.string().regex(/^\d+[mhdw]$/, 'a duration like 30m, 24h, 7d').optional().describe('how far back, e.g. 24h or 7d');

function query(params: Record<string, unknown>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

interface LogRecord {
  model?: string;
  provider?: string | null;
  keyId?: string | null;
  status?: number;
}

export const TOOLS: readonly ToolSpec[] = [
  {
    name: 'list_providers',
    title: 'List providers',
    description: 'The configured upstream providers with their models (credentials never shown).',
    route: { method: 'GET', path: '/api/providers' },
    scope: 'read',
    annotations: READ,
    input: {},
    run: (_a, api) => api('GET', '/api/providers', undefined, { tool: 'list_providers' }),
  },
  {
    name: 'provider_status',
    title: 'Provider health',
    description: 'Health of every routing target: cooldowns, recent failures.',
    route: { method: 'GET', path: '/api/providers/status' },
    scope: 'read',
    annotations: READ,
    input: {},
    run: (_a, api) => api('GET', '/api/providers/status', undefined, { tool: 'provider_status' }),
  },
  {
    name: 'test_provider',
    title: 'Test a provider',
    description: 'Sends one small live request to the provider and reports whether it answered.',
    route: { method: 'POST', path: '/api/providers/x/test' },
    scope: 'write',
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    input: { provider: z.string().min(1).max(100).describe('provider name or id') },
    run: (a, api) => api('POST', `/api/providers/${enc(String(a.provider))}/test`, {}, { tool: 'test_provider' }),
  },
  {
    name: 'sync_provider_models',
    title: 'Sync a provider\'s models',
    description: 'Asks the upstream for its model list and stores it; reports added and removed models. Models a combo uses are kept.',
    route: { method: 'POST', path: '/api/providers/x/sync' },
    scope: 'admin',
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
    input: { provider: z.string().min(1).max(100).describe('provider name or id') },
    run: (a, api) => api('POST', `/api/providers/${enc(String(a.provider))}/sync`, {}, { tool: 'sync_provider_models' }),
  },
  {
    name: 'list_models',
    title: 'List models',
    description: 'Every routable model address (provider/model) and combo.',
    route: { method: 'GET', path: '/api/models' },
    scope: 'read',
    annotations: READ,
    input: { provider: z.string().min(1).max(100).optional().describe('only this provider') },
    run: (a, api) => api('GET', `/api/models${query({ provider: a.provider })}`, undefined, { tool: 'list_models' }),
  },
  {
    name: 'list_combos',
    title: 'List combos',
    description: 'Combos: named routing groups with a strategy and targets.',
    route: { method: 'GET', path: '/api/combos' },
    scope: 'read',
    annotations: READ,
    input: {},
    run: (_a, api) => api('GET', '/api/combos', undefined, { tool: 'list_combos' }),
  },
  {
    name: 'save_combo',
    title: 'Create or change a combo',
    description: 'Creates the combo, or replaces the strategy and targets of an existing one.',
    route: { method: 'PUT', path: '/api/combos/x' },
    scope: 'write',
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    input: {
      name: z.string().min(1).max(64),
      strategy: z.enum(COMBO_STRATEGIES as [ComboStrategy, ...ComboStrategy[]]).describe('routing strategy'),
      targets: z.array(z.string().min(3).max(300)).min(1).max(50).describe('provider/model addresses, in priority order'),
    },
    async run(a, api) {
      const body = { strategy: a.strategy, targets: a.targets };
      const existing = await api('GET', `/api/combos/${enc(String(a.name))}`);
      if (existing.status === 404) return api('POST', '/api/combos', { name: a.name, ...body }, { tool: 'save_combo' });
      return api('PUT', `/api/combos/${enc(String(a.name))}`, body, { tool: 'save_combo' });
    },
  },
  {
    name: 'usage_summary',
    title: 'Usage summary',
    description: 'Requests and tokens over a range, grouped by key, model or provider.',
    route: { method: 'GET', path: '/api/usage' },
    scope: 'read',
    annotations: READ,
    input: { since, by: z.enum(['key', 'model', 'provider']).optional() },
    run: (a, api) => api('GET', `/api/usage${query({ since: a.since, by: a.by })}`, undefined, { tool: 'usage_summary' }),
  },
  {
    name: 'cost_summary',
    title: 'Cost summary',
    description: 'Spend in USD over a range, by key, model and provider.',
    route: { method: 'GET', path: '/api/cost' },
    scope: 'read',
    annotations: READ,
    input: { since },
    run: (a, api) => api('GET', `/api/cost${query({ since: a.since })}`, undefined, { tool: 'cost_summary' }),
  },
  {
    name: 'recent_logs',
    title: 'Recent request logs',
    description: 'The newest request records, optionally filtered by model, provider, key id or HTTP status.',
    route: { method: 'GET', path: '/api/logs' },
    scope: 'read',
    annotations: READ,
    input: {
      limit: z.number().int().min(1).max(200).optional().describe('at most this many (default 20)'),
      model: z.string().max(300).optional(),
      provider: z.string().max(100).optional(),
      keyId: z.string().max(100).optional(),
      status: z.number().int().min(100).max(599).optional(),
    },
    async run(a, api) {
      const limit = typeof a.limit === 'number' ? a.limit : 20;
      const filtered = a.model !== undefined || a.provider !== undefined || a.keyId !== undefined || a.status !== undefined;
      // The route has no filters: read a wider window and filter here.
      const answer = await api('GET', `/api/logs${query({ limit: filtered ? 1000 : limit })}`, undefined, { tool: 'recent_logs' });
      if (answer.status >= 400 || !filtered) return answer;
      const records = ((answer.body as { records?: LogRecord[] }).records ?? []).filter(
        (r) =>
          (a.model === undefined || r.model === a.model) &&
          (a.provider === undefined || r.provider === a.provider) &&
          (a.keyId === undefined || r.keyId === a.keyId) &&
          (a.status === undefined || r.status === a.status),
      );
      return { status: answer.status, body: { records: records.slice(0, limit) } };
    },
  },
  {
    name: 'list_keys',
    title: 'List inference keys',
    description: 'Inference keys (sk-sy-…), masked to their prefix, with limits and state.',
    route: { method: 'GET', path: '/api/keys' },
    scope: 'read',
    annotations: READ,
    input: {},
    run: (_a, api) => api('GET', '/api/keys', undefined, { tool: 'list_keys' }),
  },
  {
    name: 'create_key',
    title: 'Create an inference key',
    description: 'Creates an inference key; the secret is in this answer only and is never shown again.',
    route: { method: 'POST', path: '/api/keys' },
    scope: 'write',
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    input: {
      name: z.string().min(1).max(100),
      allowedModels: z.array(z.string().min(1).max(200)).min(1).max(1000).optional(),
      rpmLimit: z.number().int().positive().optional(),
      dailyBudgetUsd: z.number().positive().optional(),
      monthlyBudgetUsd: z.number().positive().optional(),
      expiresInDays: z.number().positive().optional(),
    },
    run: (a, api) => api('POST', '/api/keys', a, { tool: 'create_key' }),
  },
  {
    name: 'revoke_key',
    title: 'Revoke an inference key',
    description: 'Revokes an inference key by id or prefix; requests with it fail from now on.',
    route: { method: 'DELETE', path: '/api/keys/x' },
    scope: 'write',
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    input: { key: z.string().min(1).max(100).describe('key id or prefix') },
    run: (a, api) => api('DELETE', `/api/keys/${enc(String(a.key))}`, undefined, { tool: 'revoke_key' }),
  },
  {
    name: 'tunnel_status',
    title: 'Tunnel status',
    description: 'Which tunnels (cloudflared, ngrok, tailscale) are enabled and their public URLs.',
    route: { method: 'GET', path: '/api/tunnels' },
    scope: 'admin',
    annotations: { ...READ, openWorldHint: false },
    input: {},
    async run(_a, api) {
      const answer = await api('GET', '/api/tunnels', undefined, { tool: 'tunnel_status' });
      if (answer.status !== 404) return answer;
      return {
        status: 404,
        body: { error: { code: 'NOT_AVAILABLE', message: 'this server has no tunnel support (GET /api/tunnels answered 404); upgrade the server' } },
      };
    },
  },
];

/** Entities of the domain, as every layer sees them. Timestamps are epoch ms. */
import type { ModelPrice } from './pricing.js';
import type { Scope } from './scopes.js';

export const PROVIDER_TYPES = ['openai-compatible', 'anthropic', 'gemini'] as const;
export type ProviderType = (typeof PROVIDER_TYPES)[number];

export interface ModelInfo {
  id: string;
  price?: ModelPrice;
}

export interface Provider {
  id: string;
  /** Unique, used in `provider/model` addresses. */
  name: string;
  type: ProviderType;
  baseUrl: string;
  preset: string | null;
  models: ModelInfo[];
  enabled: boolean;
  hasCredential: boolean;
  /** Whether the upstream speaks the Responses API itself (pass-through). */
  supportsResponses: boolean;
  createdAt: number;
  updatedAt: number;
}

export type ComboStrategy = 'fallback' | 'round-robin' | 'weighted';
export const COMBO_STRATEGIES: readonly ComboStrategy[] = ['fallback', 'round-robin', 'weighted'];

export interface ComboTarget {
  /** `provider/model` */
  model: string;
  weight?: number;
}

export interface Combo {
  id: string;
  name: string;
  strategy: ComboStrategy;
  targets: ComboTarget[];
  createdAt: number;
  updatedAt: number;
}

export interface InferenceKey {
  id: string;
  name: string;
  /** First characters of the key, for recognising it in listings. */
  prefix: string;
  keyHash: string;
  allowedModels: string[] | null;
  rpmLimit: number | null;
  dailyBudgetUsd: number | null;
  monthlyBudgetUsd: number | null;
  expiresAt: number | null;
  revokedAt: number | null;
  createdAt: number;
  lastUsedAt: number | null;
}

export interface AccessToken {
  id: string;
  name: string;
  prefix: string;
  tokenHash: string;
  scope: Scope;
  parentId: string | null;
  expiresAt: number | null;
  lastUsedAt: number | null;
  revokedAt: number | null;
  createdAt: number;
}

export type WireApi = 'chat' | 'responses' | 'messages';

export interface UsageRecord {
  requestId: string;
  ts: number;
  keyId: string | null;
  api: WireApi;
  stream: boolean;
  provider: string | null;
  model: string | null;
  combo: string | null;
  inputTokens: number;
  outputTokens: number;
  /** Input tokens read from the provider's prompt cache (part of inputTokens). */
  cachedInputTokens: number;
  /** Input tokens written to the provider's prompt cache (part of inputTokens). */
  cacheWriteTokens: number;
  costUsd: number;
  latencyMs: number;
  ttfbMs: number | null;
  status: number;
  errorCode: string | null;
  /** `provider/model` of every attempt, in order, with its outcome. */
  fallbackPath: string[];
}

export type AuditOutcome = 'success' | 'failure' | 'denied';

export interface AuditEvent {
  ts: number;
  event: string;
  outcome: AuditOutcome;
  /** `token:<id>`, `session:<id8>`, `cli`, `oidc:<sub>`, `anonymous` */
  actor: string;
  source: string;
  userAgent: string | null;
  path: string | null;
  details?: Record<string, unknown>;
}

/** What `POST /api/providers/:id/sync` answers (the management API and the CLI share it). */
export interface ProviderSyncResult {
  provider: Provider;
  source: 'upstream' | 'preset';
  added: string[];
  removed: string[];
  /** Gone upstream but still a combo's target: kept, and named here. */
  kept: { id: string; combos: string[] }[];
  total: number;
  message?: string;
}

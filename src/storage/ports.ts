/**
 * Repository interfaces: what the rest of the code may ask of storage. Callers
 * depend on these only, never on Kysely or an engine.
 */
import type {
  AccessToken,
  AuditEvent,
  Combo,
  ComboStrategy,
  ComboTarget,
  InferenceKey,
  ModelInfo,
  Provider,
  ProviderType,
  UsageRecord,
} from '../core/index.js';

export interface NewProvider {
  name: string;
  type: ProviderType;
  baseUrl: string;
  preset: string | null;
  models: ModelInfo[];
  credential: string | null;
  enabled: boolean;
  supportsResponses: boolean;
}

export type ProviderPatch = Partial<Omit<NewProvider, 'preset'>>;

export interface ProviderRepo {
  list(): Promise<Provider[]>;
  get(idOrName: string): Promise<Provider | undefined>;
  /** The decrypted credential; only the upstream layer asks for it. */
  credential(id: string): Promise<string | null>;
  create(input: NewProvider): Promise<Provider>;
  update(id: string, patch: ProviderPatch): Promise<Provider | undefined>;
  remove(id: string): Promise<boolean>;
}

export interface NewInferenceKey {
  name: string;
  prefix: string;
  keyHash: string;
  allowedModels: string[] | null;
  rpmLimit: number | null;
  dailyBudgetUsd: number | null;
  monthlyBudgetUsd: number | null;
  expiresAt: number | null;
}

export interface KeyRepo {
  list(): Promise<InferenceKey[]>;
  get(id: string): Promise<InferenceKey | undefined>;
  findByHash(hash: string): Promise<InferenceKey | undefined>;
  create(input: NewInferenceKey): Promise<InferenceKey>;
  revoke(id: string, at: number): Promise<boolean>;
  touch(ids: Map<string, number>): Promise<void>;
}

export interface ComboRepo {
  list(): Promise<Combo[]>;
  get(name: string): Promise<Combo | undefined>;
  create(input: { name: string; strategy: ComboStrategy; targets: ComboTarget[] }): Promise<Combo>;
  replace(name: string, input: { strategy: ComboStrategy; targets: ComboTarget[] }): Promise<Combo | undefined>;
  remove(name: string): Promise<boolean>;
}

export interface UsageQuery {
  since?: number;
  until?: number;
  keyId?: string;
  /** `provider/model`, the bare model id, or the combo it was addressed by (list only). */
  model?: string;
  /** `ok` (< 400), `error` (>= 400) or one exact HTTP status (list only). */
  status?: 'ok' | 'error' | number;
  limit?: number;
}

export interface UsageGroup {
  group: string | null;
  requests: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  /** Input tokens read from a prompt cache (part of inputTokens). */
  cachedInputTokens: number;
  /** Input tokens written to a prompt cache (part of inputTokens). */
  cacheWriteTokens: number;
  costUsd: number;
}

export interface UsageRepo {
  insertMany(rows: UsageRecord[]): Promise<void>;
  list(q: UsageQuery): Promise<UsageRecord[]>;
  count(): Promise<number>;
  summarize(q: UsageQuery & { by: 'key' | 'model' | 'provider' | 'day' }): Promise<UsageGroup[]>;
  /** Spend of one key since a time: the budget check. */
  spendSince(keyId: string, since: number): Promise<number>;
}

export interface NewAccessToken {
  name: string;
  prefix: string;
  tokenHash: string;
  scope: AccessToken['scope'];
  parentId: string | null;
  expiresAt: number | null;
}

export interface TokenRepo {
  list(): Promise<AccessToken[]>;
  get(id: string): Promise<AccessToken | undefined>;
  findByHash(hash: string): Promise<AccessToken | undefined>;
  create(input: NewAccessToken): Promise<AccessToken>;
  /** Revokes the token and all its descendants; returns the ids revoked. */
  revoke(id: string, at: number): Promise<string[]>;
  touch(id: string, at: number): Promise<void>;
}

export interface SessionRepo {
  create(s: { idHash: string; csrfToken: string; expiresAt: number }): Promise<void>;
  get(idHash: string): Promise<{ csrfToken: string; expiresAt: number } | undefined>;
  remove(idHash: string): Promise<void>;
  removeExpired(now: number): Promise<void>;
  /** Every session but `keepIdHash` (a password change logs the others out). */
  removeAllExcept(keepIdHash: string | null): Promise<void>;
}

export interface AuditRepo {
  append(e: AuditEvent): Promise<void>;
  list(q: { since?: number; limit?: number; event?: string }): Promise<AuditEvent[]>;
}

export interface LockoutState {
  failures: number;
  windowStart: number;
  lockedUntil: number | null;
}

export interface LockoutRepo {
  get(address: string): Promise<LockoutState | undefined>;
  put(address: string, s: LockoutState): Promise<void>;
  clear(address: string): Promise<void>;
}

export interface SettingsRepo {
  all(): Promise<Record<string, unknown>>;
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

/** One stored Responses API response; `body` is the plaintext JSON the gateway wrote (the repo seals it). */
export interface StoredResponse {
  id: string;
  keyId: string;
  createdAt: number;
  expiresAt: number;
  body: string;
}

/**
 * Stored responses (`store: true`). Every read is by id *and* key: another key's row is as absent as an
 * unknown one. Expired rows are never returned, whether or not the purge has run.
 */
export interface ResponseRepo {
  /** Keeps it; an id already stored (by anyone) is left as it is. */
  put(r: StoredResponse): Promise<void>;
  get(id: string, keyId: string, now: number): Promise<StoredResponse | undefined>;
  /** True when a live row of that key was deleted. */
  remove(id: string, keyId: string, now: number): Promise<boolean>;
  /** Deletes rows expired at `now`; how many. */
  removeExpired(now: number): Promise<number>;
}

export interface Repos {
  providers: ProviderRepo;
  keys: KeyRepo;
  combos: ComboRepo;
  usage: UsageRepo;
  tokens: TokenRepo;
  sessions: SessionRepo;
  audit: AuditRepo;
  lockouts: LockoutRepo;
  settings: SettingsRepo;
  responses: ResponseRepo;
}

/**
 * Whole-database export/import/wipe (/api/settings/database). Secrets stay as
 * they are stored: key and token hashes, provider credentials encrypted.
 */
export interface SnapshotRepo {
  export(): Promise<Record<string, unknown>>;
  /** Validates first; replaces everything in one transaction or changes nothing. */
  import(snapshot: unknown): Promise<{ counts: Record<string, number> }>;
  wipe(): Promise<void>;
}

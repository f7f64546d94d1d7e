import type { Db } from '../db.js';
import type { NewAccessToken, NewInferenceKey, NewProvider, Repos } from '../ports.js';
import type { SecretBox } from '../secret-box.js';
import { sha256Hex } from '../../core/index.js';

export interface StorageFixture {
  db: Db;
  repos: Repos;
  /** The box the provider repository encrypts with. */
  box: SecretBox;
  cleanup(): Promise<void>;
}

export type OpenStore = () => Promise<StorageFixture>;

/** Opens a fresh store, runs `fn`, and always cleans up. */
export async function withStore(open: OpenStore, fn: (s: StorageFixture) => Promise<void>): Promise<void> {
  const s = await open();
  try {
    await fn(s);
  } finally {
    await s.cleanup();
  }
}

let counter = 0;
const unique = (p: string): string => `${p}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;

export function newProvider(over: Partial<NewProvider> = {}): NewProvider {
  return {
    name: unique('prov'),
    type: 'openai-compatible',
    baseUrl: 'http://127.0.0.1:9/v1',
    preset: null,
    models: [{ id: 'm1', price: { input: 1, output: 2 } }, { id: 'm2' }],
    credential: 'sk-upstream-PLAINTEXT-123',
    enabled: true,
    supportsResponses: false,
    ...over,
  };
}

export function newKey(over: Partial<NewInferenceKey> = {}): NewInferenceKey {
  const name = unique('key');
  return {
    name,
    prefix: 'sk-sy-abcd',
    keyHash: sha256Hex(name),
    allowedModels: null,
    rpmLimit: null,
    dailyBudgetUsd: null,
    monthlyBudgetUsd: null,
    expiresAt: null,
    ...over,
  };
}

export function newToken(over: Partial<NewAccessToken> = {}): NewAccessToken {
  const name = unique('tok');
  return { name, prefix: 'sya_live_AbC1', tokenHash: sha256Hex(name), scope: 'admin', parentId: null, expiresAt: null, ...over };
}

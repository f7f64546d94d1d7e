export const SCOPES = ['read', 'write', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

const RANK: Record<Scope, number> = { read: 0, write: 1, admin: 2 };

export function isScope(value: unknown): value is Scope {
  return typeof value === 'string' && (SCOPES as readonly string[]).includes(value);
}

/** read ⊂ write ⊂ admin */
export function scopeCovers(held: Scope, needed: Scope): boolean {
  return RANK[held] >= RANK[needed];
}

export const SCOPE_DESCRIPTIONS: Record<Scope, string> = {
  read: 'list and inspect providers, models, keys, combos, usage, logs',
  write: 'read, plus create/change keys and combos, test providers, change ordinary settings',
  admin: 'everything: providers, tokens, security settings, audit, tunnels, shutdown, database',
};

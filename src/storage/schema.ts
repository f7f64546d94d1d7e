/** Row types of the tables, as Kysely sees them. Booleans are 0/1 on both engines. */

export interface ProvidersTable {
  id: string;
  name: string;
  type: string;
  base_url: string;
  preset: string | null;
  models: string;
  credential_enc: string | null;
  enabled: number;
  supports_responses: number;
  created_at: number;
  updated_at: number;
}

export interface InferenceKeysTable {
  id: string;
  name: string;
  prefix: string;
  key_hash: string;
  allowed_models: string | null;
  rpm_limit: number | null;
  daily_budget_usd: number | null;
  monthly_budget_usd: number | null;
  expires_at: number | null;
  revoked_at: number | null;
  created_at: number;
  last_used_at: number | null;
}

export interface CombosTable {
  id: string;
  name: string;
  strategy: string;
  targets: string;
  created_at: number;
  updated_at: number;
}

export interface UsageTable {
  request_id: string;
  ts: number;
  key_id: string | null;
  api: string;
  stream: number;
  provider: string | null;
  model: string | null;
  combo: string | null;
  input_tokens: number;
  output_tokens: number;
  cached_input_tokens: number;
  cache_write_tokens: number;
  cost_usd: number;
  latency_ms: number;
  ttfb_ms: number | null;
  status: number;
  error_code: string | null;
  fallback_path: string;
}

export interface AccessTokensTable {
  id: string;
  name: string;
  prefix: string;
  token_hash: string;
  scope: string;
  parent_id: string | null;
  expires_at: number | null;
  last_used_at: number | null;
  revoked_at: number | null;
  created_at: number;
}

export interface SessionsTable {
  id_hash: string;
  csrf_token: string;
  expires_at: number;
  created_at: number;
}

export interface AuditTable {
  id: string;
  ts: number;
  event: string;
  outcome: string;
  actor: string;
  source: string;
  user_agent: string | null;
  path: string | null;
  details: string | null;
}

export interface LockoutsTable {
  address: string;
  failures: number;
  window_start: number;
  locked_until: number | null;
}

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: number;
}

export interface Database {
  providers: ProvidersTable;
  inference_keys: InferenceKeysTable;
  combos: CombosTable;
  usage: UsageTable;
  access_tokens: AccessTokensTable;
  sessions: SessionsTable;
  audit: AuditTable;
  lockouts: LockoutsTable;
  settings: SettingsTable;
  fleet_secret: FleetSecretTable;
  rate_windows: RateWindowsTable;
  spend_counters: SpendCountersTable;
  usage_hourly: UsageHourlyTable;
  stored_responses: StoredResponsesTable;
}

/** Usage per hour (epoch ms, UTC), key, provider and model; '' for an absent one. Kept on write. */
export interface UsageHourlyTable {
  hour: number;
  key_id: string;
  provider: string;
  model: string;
  requests: number;
  errors: number;
  input_tokens: number;
  output_tokens: number;
  cached_input_tokens: number;
  cache_write_tokens: number;
  cost_usd: number;
}

export interface FleetSecretTable {
  id: number;
  check_value: string;
  created_at: number;
}

export interface RateWindowsTable {
  key_id: string;
  window_start: number;
  used: number;
  granted: number;
}

export interface SpendCountersTable {
  key_id: string;
  period: string;
  period_start: number;
  spent_usd: number;
}

/** A Responses API response kept for `previous_response_id` and GET (004); `body` sealed with the secret box. */
export interface StoredResponsesTable {
  id: string;
  key_id: string;
  created_at: number;
  expires_at: number;
  body: string;
}

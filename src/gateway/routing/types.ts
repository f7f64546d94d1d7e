import type { Combo, ModelInfo, ModelPrice, ProviderType, SwitchyardError } from '../../core/index.js';
import type { Connection, ProviderAdapter } from '../../providers/index.js';

/** A provider connection as the hot path needs it: credential decrypted, paths precomputed. */
export interface RouteProvider {
  id: string;
  name: string;
  type: ProviderType;
  preset: string | null;
  supportsResponses: boolean;
  conn: Connection;
  /** `https://host:port`, the key of the upstream pool. */
  origin: string;
  /** undefined when this build has no adapter for the type yet. */
  adapter: ProviderAdapter | undefined;
  models: ModelInfo[];
}

/** One `provider/model` a request may be sent to. */
export interface Target {
  provider: RouteProvider;
  /** The provider's own model id. */
  model: string;
  /** `provider/model`, the key of cooldowns and the fallback path. */
  address: string;
  price: ModelPrice | undefined;
  weight: number;
  /** Listed by the provider or its preset (not just a name a client typed): metrics may use it as a label. */
  catalogued: boolean;
}

export interface Route {
  /** The combo's name when the request named a combo. */
  combo: Combo | null;
  targets: Target[];
}

/** The routing view of the database, rebuilt when providers or combos change. */
export interface RouteSnapshot {
  providers: Map<string, RouteProvider>;
  /** Every provider, enabled or not, by name: to tell "disabled" from "unknown". */
  disabled: Set<string>;
  /** Enabled providers whose credential this instance cannot decrypt, by name: unusable, the rest still serve (#20 item 6). */
  unreadable: Map<string, SwitchyardError>;
  combos: Map<string, { combo: Combo; targets: Target[] }>;
  /** Models listed by enabled providers, plus combos: `GET /v1/models`. */
  loadedAt: number;
}

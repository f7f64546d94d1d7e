/**
 * Chat has no opaque reasoning field of its own; OpenRouter's `reasoning_details`
 * (an array clients built for it send back untouched) is the nearest. What an
 * Anthropic or Gemini upstream needs back (signatures) goes out there sealed, as
 * `{type: "reasoning.encrypted", data: "sy1…"}`, never in the upstream's own
 * shape: restore (gateway/reasoning/restore.ts) reopens it. Sealing off: dropped.
 */
import type { ReasoningDetail } from '../../../core/index.js';
import type { WireContext } from '../types.js';

export const SEALED_DETAIL_TYPE = 'reasoning.encrypted';

export function sealDetails(details: ReasoningDetail[] | undefined, ctx: WireContext): unknown[] | undefined {
  if (!details?.length) return undefined;
  const data = ctx.seal?.({ details });
  return data ? [{ type: SEALED_DETAIL_TYPE, data, format: 'switchyard-v1' }] : undefined;
}

/** A copy of `o` with `reasoning_details` sealed (or removed); `o` itself when it has none. */
export function withSealedDetails<T extends { reasoning_details?: ReasoningDetail[] }>(o: T, ctx: WireContext): T {
  if (o.reasoning_details === undefined) return o;
  const out = { ...o };
  const sealed = sealDetails(o.reasoning_details, ctx);
  if (sealed) (out as Record<string, unknown>).reasoning_details = sealed;
  else delete out.reasoning_details;
  return out;
}

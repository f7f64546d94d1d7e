/** A request's `model` is either `provider/model` or a combo name. */
export type ModelAddress =
  | { kind: 'provider-model'; provider: string; model: string }
  | { kind: 'combo'; name: string };

export function parseModelAddress(value: string): ModelAddress {
  const slash = value.indexOf('/');
  if (slash > 0 && slash < value.length - 1) {
    // Model ids may themselves contain slashes (openrouter: `openrouter/meta-llama/llama-3`).
    return { kind: 'provider-model', provider: value.slice(0, slash), model: value.slice(slash + 1) };
  }
  return { kind: 'combo', name: value };
}

export function formatModelAddress(provider: string, model: string): string {
  return `${provider}/${model}`;
}

/**
 * Label values stay bounded: the model label comes only from a resolved
 * catalogue target (never the client's string), and past a cap new values
 * collapse into `other`, so no input can grow the series without bound.
 */
export class BoundedLabel {
  readonly #seen = new Set<string>();
  constructor(readonly cap: number) {}

  value(v: string | null | undefined): string {
    if (v === null || v === undefined || v === '') return 'none';
    if (this.#seen.has(v)) return v;
    if (this.#seen.size >= this.cap) return 'other';
    this.#seen.add(v);
    return v;
  }
}

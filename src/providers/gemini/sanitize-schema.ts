/**
 * Gemini's function `parameters` take an OpenAPI subset and refuse JSON Schema
 * keywords outside it ($schema, additionalProperties, $ref…). Keep what it
 * knows; turn `type: ["string","null"]` into `type` + `nullable`.
 */
const KEEP = new Set([
  'type', 'format', 'title', 'description', 'nullable', 'enum', 'maxItems', 'minItems', 'properties', 'required',
  'minProperties', 'maxProperties', 'minLength', 'maxLength', 'pattern', 'example', 'anyOf', 'propertyOrdering',
  'default', 'items', 'minimum', 'maximum',
]);

export function sanitizeSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(sanitizeSchema);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    if (!KEEP.has(k)) continue;
    if (k === 'type' && Array.isArray(v)) {
      const types = v.filter((t) => t !== 'null');
      if (types.length < v.length) out.nullable = true;
      out.type = types[0] ?? 'string';
    } else if (k === 'properties' && typeof v === 'object' && v !== null) {
      out.properties = Object.fromEntries(Object.entries(v).map(([name, s]) => [name, sanitizeSchema(s)]));
    } else if (k === 'items' || k === 'anyOf') out[k] = sanitizeSchema(v);
    else out[k] = v;
  }
  // Nearest meanings Gemini has: a constant is a one-value enum, oneOf is anyOf.
  const o = schema as Record<string, unknown>;
  if (o.const !== undefined && out.enum === undefined) out.enum = [o.const];
  if (Array.isArray(o.oneOf) && out.anyOf === undefined) out.anyOf = sanitizeSchema(o.oneOf);
  // Gemini requires enum values to be strings.
  if (Array.isArray(out.enum)) out.enum = out.enum.map(String);
  return out;
}

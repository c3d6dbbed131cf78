import * as z from 'zod/mini';

/**
 * `schema` with a description, for the JSON Schema files and REFERENCE.md. Metadata only: zod's own `z.describe` is
 * a no-op check that every parse still walks, and the bridge parses every message that crosses it (bench/: a
 * storm of 10,000 commands spent ~13 µs per message validating what it emitted). A copy, as `.check` would make,
 * so a shared schema can be described differently where it is used.
 */
export function doc<S extends z.ZodMiniType>(schema: S, description: string): S {
  const copy = schema.clone();
  z.globalRegistry.add(copy, { description });
  return copy;
}

import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { doc } from './doc';

describe('doc: a description as metadata', () => {
  it('describes a copy, so a shared schema keeps its own description', () => {
    const shared = doc(z.string(), 'a uid');
    const here = doc(shared, 'the thread uid');
    expect(z.globalRegistry.get(here)?.description).toBe('the thread uid');
    expect(z.globalRegistry.get(shared)?.description).toBe('a uid');
  });

  it('adds no check for every parse to walk, unlike z.describe', () => {
    const base = z.string().check(z.minLength(1));
    expect(doc(base, 'x')._zod.def.checks).toHaveLength(1);
    expect(base.check(z.describe('x'))._zod.def.checks).toHaveLength(2);
    expect(z.safeParse(doc(base, 'x'), '').success).toBe(false);
  });
});

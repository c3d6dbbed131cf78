import { describe, expect, it } from 'vitest';
import { NOW } from '../../test-support/world-kit';
import { createWorld, step } from '../world';
import { decodeWorld } from './persist';
import { encodeWorld } from './persist-compact';

function lively() {
  let w = createWorld({
    seed: 5,
    scenario: 'busy-queue',
    now: NOW,
    assetBase: 'http://127.0.0.1:5174/avatars/',
    history: 200,
  });
  const inputs = [
    { kind: 'groupSends' },
    { kind: 'colleagueSends' },
    { kind: 'closeThread', threadUid: Object.keys(w.threads)[0] ?? '' },
    { kind: 'setStatus', status: 'REST' },
  ] as const;
  inputs.forEach((input, i) => {
    w = step(w, input, NOW + (i + 1) * 1000).state;
  });
  return w;
}

describe('saving a world of ThreadResponse objects', () => {
  it('leaves out what equals the vendor defaults, and reads back the same world, key order included', () => {
    const world = lively();
    const text = encodeWorld(world);
    expect(text.length).toBeLessThan(JSON.stringify(world).length / 2);
    const loaded = decodeWorld(text);
    if (!loaded.state) throw new Error(`refused: ${'notice' in loaded ? loaded.notice : ''}`);
    expect(JSON.stringify(loaded.state)).toBe(JSON.stringify(world));
  });

  it('keeps a value that differs from its default (a note, a tag, a star) and still refuses a tampered thread', () => {
    const world = lively();
    const [uid, thread] = Object.entries(world.threads)[0] ?? [];
    if (!uid || !thread) throw new Error('no thread');
    const marked = {
      ...world,
      threads: { ...world.threads, [uid]: { ...thread, note: 'VIP', tagList: ['a'], star: 2 } },
    };
    const loaded = decodeWorld(encodeWorld(marked));
    expect(loaded.state?.threads[uid]).toMatchObject({ note: 'VIP', tagList: ['a'], star: 2 });

    const saved = JSON.parse(encodeWorld(world)) as { threads: Record<string, Record<string, unknown>> };
    (saved.threads[uid] as Record<string, unknown>).hacked = true;
    expect(decodeWorld(JSON.stringify(saved))).toMatchObject({ state: null });
  });
});

import { describe, expect, it } from 'vitest';
import { testRuntime } from '../../test-support/test-runtime';
import { keepingNotice, openBrowserStorage } from './world-storage';

/** What Chromium throws when a cross-site frame with third-party cookies blocked opens localStorage. */
const denied = () => {
  throw new DOMException(
    "Failed to read the 'localStorage' property from 'Window': Access is denied for this document.",
    'SecurityError',
  );
};
const someStorage = { length: 0, key: () => null, getItem: () => null } as unknown as Storage;

describe('openBrowserStorage: where the world is kept, or why a reload will lose it', () => {
  it('denied storage (SecurityError) is no store, and the reason names the error and the usual cause', () => {
    const { store, keeping } = openBrowserStorage(denied);
    expect(store).toBeNull();
    expect(keeping).toEqual({
      kept: false,
      why:
        "this browser denies the console its localStorage (SecurityError: Failed to read the 'localStorage' " +
        "property from 'Window': Access is denied for this document.), as browsers do for a frame from another " +
        'site when third-party cookies are blocked, and no server keeps the world for this copy',
    });
  });

  it('no storage at all (null) is no store either, and says so', () => {
    for (const none of [null, undefined]) {
      const { store, keeping } = openBrowserStorage(() => none);
      expect(store).toBeNull();
      expect(keeping).toEqual({
        kept: false,
        why: 'this browser gives the console no localStorage, and no server keeps the world for this copy',
      });
    }
  });

  it('usable storage is the store, and keeps the world', () => {
    expect(openBrowserStorage(() => someStorage)).toEqual({
      store: someStorage,
      keeping: { kept: true, where: "this browser's localStorage" },
    });
  });

  it('a thrown non-Error still yields a reason', () => {
    const { keeping } = openBrowserStorage(() => {
      throw 'nope';
    });
    expect(keeping.kept === false && keeping.why).toContain('denies the console its localStorage (error)');
  });
});

describe('keepingNotice', () => {
  it('says the world will not survive a reload, and why, only when it will not', () => {
    expect(keepingNotice({ kept: false, why: 'because' })).toBe('The world will not survive a reload: because.');
    expect(keepingNotice({ kept: true, where: 'here' })).toBeUndefined();
  });

  it('the runtime shows it among its notices when the world is not kept, and not otherwise', () => {
    const lost = openBrowserStorage(denied);
    const notices = testRuntime({ storage: lost.store, keeping: lost.keeping }).notices.peek();
    expect(notices).toEqual([keepingNotice(lost.keeping)]);
    expect(notices[0]).toMatch(/^The world will not survive a reload: this browser denies .*SecurityError/);
    const kept = openBrowserStorage(() => someStorage);
    expect(testRuntime({ storage: kept.store, keeping: kept.keeping }).notices.peek()).toEqual([]);
  });
});

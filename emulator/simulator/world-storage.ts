/**
 * Where the world is kept between reloads (the simulated server's disk), chosen once at boot, and what the
 * workbench says about it. Browser storage is only the fallback for a copy of the console that no server of this
 * project serves: browsers deny a cross-site frame its storage when third-party cookies are blocked (Playwright's
 * default Chromium, Chrome with that setting), and then nothing must pass for "nothing was saved" silently.
 *
 * The seam: the runtime needs only WorldStore, five members of the Web Storage API, so a store kept by a server
 * (fetched before the runtime starts, written back as the world changes) is one more opener beside
 * `openBrowserStorage`, returning its own `{ store, keeping }`.
 */

/** What the runtime reads and writes (persist-store.ts): localStorage has it, a server-backed store can. */
export type WorldStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

/** Whether a reload finds the world again: where it is kept, or why it is not. */
export type WorldKeeping = { kept: true; where: string } | { kept: false; why: string };

export interface OpenedStore {
  store: WorldStore | null;
  keeping: WorldKeeping;
}

/**
 * Opens the page's localStorage through `read` (`() => window.localStorage`, which throws a SecurityError where
 * the browser denies it and is null where it has none), saying where the world is kept or why it is not.
 */
export function openBrowserStorage(read: () => Storage | null | undefined): OpenedStore {
  let storage: Storage | null | undefined;
  try {
    storage = read();
  } catch (error) {
    const name = error instanceof Error ? error.name : 'error';
    const message = error instanceof Error && error.message ? `: ${error.message}` : '';
    return {
      store: null,
      keeping: {
        kept: false,
        why:
          `this browser denies the console its localStorage (${name}${message}), as browsers do for a frame from ` +
          'another site when third-party cookies are blocked, and no server keeps the world for this copy',
      },
    };
  }
  if (!storage) {
    return {
      store: null,
      keeping: {
        kept: false,
        why: 'this browser gives the console no localStorage, and no server keeps the world for this copy',
      },
    };
  }
  return { store: storage, keeping: { kept: true, where: "this browser's localStorage" } };
}

/** The workbench's notice when a reload will lose the world; nothing when it will not. */
export function keepingNotice(keeping: WorldKeeping): string | undefined {
  return keeping.kept ? undefined : `The world will not survive a reload: ${keeping.why}.`;
}

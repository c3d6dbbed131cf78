/**
 * The console's ear from the first moment of its document (docs/protocol.md §11): the vendor's console hears nothing
 * until its app has booted, but the emulator listens at once, so that every command that arrives too early can be
 * logged as such once the bridge is installed. Keeps the messages in arrival order, with their arrival times.
 */
export interface EarlyInbox {
  /** When it started listening (epoch ms). */
  readonly since: number;
  /** Stops listening and hands over what arrived, oldest first. */
  close(): { at: number; message: MessageEvent }[];
}

/** A host flooding a booting console must not grow this without bound; past it, the oldest are kept. */
export const MAX_EARLY = 10_000;

export function listenEarly(win: Pick<Window, 'addEventListener' | 'removeEventListener'>): EarlyInbox {
  const arrived: { at: number; message: MessageEvent }[] = [];
  const listener = (message: MessageEvent) => {
    if (arrived.length < MAX_EARLY) arrived.push({ at: Date.now(), message });
  };
  win.addEventListener('message', listener);
  return {
    since: Date.now(),
    close() {
      win.removeEventListener('message', listener);
      return arrived.splice(0);
    },
  };
}

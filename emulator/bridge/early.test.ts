/** docs/protocol.md §11: the console's ear from the first moment of its document, before the bridge is installed. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeWindow } from '../../test-support/fake-window';
import { listenEarly, MAX_EARLY } from './early';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('listenEarly: what arrives before the bridge', () => {
  it('hands over every message in arrival order, with its arrival time', () => {
    const now = vi.spyOn(Date, 'now').mockReturnValue(100);
    const { win, deliver } = fakeWindow();
    const inbox = listenEarly(win);
    expect(inbox.since).toBe(100);
    deliver({ type: 'refresh_threads' });
    now.mockReturnValue(130);
    deliver({ type: 'update_agent_status_busy' });
    const arrived = inbox.close();
    expect(arrived.map((a) => [a.at, (a.message.data as { type: string }).type])).toEqual([
      [100, 'refresh_threads'],
      [130, 'update_agent_status_busy'],
    ]);
  });

  it('stops listening at close: the window has no listener left, and later messages are not kept', () => {
    const { win, raw, listeners, deliver } = fakeWindow();
    const inbox = listenEarly(win);
    expect(listeners.size).toBe(1);
    const listener = [...listeners][0];
    expect(inbox.close()).toEqual([]);
    expect(raw.removeEventListener).toHaveBeenCalledWith('message', listener);
    expect(listeners.size).toBe(0);
    deliver({ type: 'refresh_threads' });
    expect(inbox.close()).toEqual([]);
  });

  it(`a flood keeps the first ${MAX_EARLY} messages and no more`, () => {
    const { win, deliver } = fakeWindow();
    const inbox = listenEarly(win);
    for (let n = 0; n < MAX_EARLY + 3; n++) deliver({ type: 'refresh_threads', n });
    const arrived = inbox.close();
    expect(arrived).toHaveLength(MAX_EARLY);
    expect(arrived.at(-1)?.message.data).toEqual({ type: 'refresh_threads', n: MAX_EARLY - 1 });
  });
});

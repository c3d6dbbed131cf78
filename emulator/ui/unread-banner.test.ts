import { describe, expect, it } from 'vitest';
import type { Message, Sender } from '../world';
import { afterFreshMessages, firstUnreadIndex } from './unread-banner';

let serial = 0;
const message = (from: Sender): Message => ({
  uid: `m${++serial}`,
  from,
  nickname: from,
  content: '…',
  createdAt: '2025-01-15 12:00:00',
});

describe('the unread banner of the open thread', () => {
  it('counts incoming messages that arrive while the agent reads further up', () => {
    const first = afterFreshMessages(null, 'a', [message('visitor'), message('system')], false);
    expect(first).toEqual({ banner: { uid: 'a', count: 1 }, follow: false });
    const second = afterFreshMessages(first.banner, 'a', [message('colleague'), message('visitor')], false);
    expect(second).toEqual({ banner: { uid: 'a', count: 3 }, follow: false });
  });

  it('starts over for another thread, and leaves the banner alone when nothing incoming arrived', () => {
    const other = { uid: 'b', count: 4 };
    expect(afterFreshMessages(other, 'a', [message('visitor')], false).banner).toEqual({ uid: 'a', count: 1 });
    const quiet = afterFreshMessages(other, 'a', [message('system')], false);
    expect(quiet.banner).toBe(other);
    expect(quiet.follow).toBe(false);
  });

  it('follows to the bottom without a banner when the agent is at the bottom', () => {
    expect(afterFreshMessages(null, 'a', [message('visitor')], true)).toEqual({ banner: null, follow: true });
  });

  it("is cleared by the agent's own message, which the list follows", () => {
    const shown = { uid: 'a', count: 2 };
    expect(afterFreshMessages(shown, 'a', [message('visitor'), message('agent')], false)).toEqual({
      banner: null,
      follow: true,
    });
    // Another thread's banner is not this answer's business.
    const elsewhere = { uid: 'b', count: 2 };
    expect(afterFreshMessages(elsewhere, 'a', [message('agent')], false).banner).toBe(elsewhere);
  });

  it('finds the first of the last N incoming messages to reveal', () => {
    const list = ['visitor', 'agent', 'visitor', 'system', 'colleague', 'agent'].map((from) => message(from as Sender));
    expect(firstUnreadIndex(list, 1)).toBe(4);
    expect(firstUnreadIndex(list, 2)).toBe(2);
    expect(firstUnreadIndex(list, 3)).toBe(0);
    expect(firstUnreadIndex(list, 9)).toBe(0);
  });
});

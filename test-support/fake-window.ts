import { vi } from 'vitest';

/** Test support: the host page the fake console window is framed by. */
export const HOST = 'http://localhost:5173';

/** A stand-in for the console's window: listeners, a parent with a postMessage spy, and a way to deliver messages. */
export function fakeWindow() {
  const listeners = new Set<(event: MessageEvent) => void>();
  const posted: Array<{ message: unknown; target: string }> = [];
  /** The messages alone, in posting order: what the host receives. */
  const messages: unknown[] = [];
  const parent = {
    postMessage: vi.fn((message: unknown, target: string) => {
      posted.push({ message, target });
      messages.push(message);
    }),
  };
  const win = {
    parent,
    addEventListener: vi.fn((type: string, fn: (event: MessageEvent) => void) => {
      if (type === 'message') listeners.add(fn);
    }),
    removeEventListener: vi.fn((type: string, fn: (event: MessageEvent) => void) => {
      if (type === 'message') listeners.delete(fn);
    }),
  };
  /** Delivers a message as the browser would: from the parent at HOST unless told otherwise. */
  const deliver = (data: unknown, from: { origin?: string; source?: unknown } = {}) => {
    const event = { data, origin: from.origin ?? HOST, source: 'source' in from ? from.source : parent };
    for (const listener of [...listeners]) listener(event as MessageEvent);
  };
  return { win: win as unknown as Window, raw: win, parent, posted, messages, listeners, deliver };
}

import { describe, expect, it } from 'vitest';
import { isFramed, parentOrigin } from './framing';

const asWindow = (w: unknown) => w as Window;

describe('isFramed', () => {
  it('is false when the window is its own top', () => {
    const win: Record<string, unknown> = {};
    win.self = win;
    win.top = win;
    expect(isFramed(asWindow(win))).toBe(false);
  });

  it('is true when the top window is another window', () => {
    const win: Record<string, unknown> = { top: {} };
    win.self = win;
    expect(isFramed(asWindow(win))).toBe(true);
  });

  it('is true when reading top throws (a cross-origin top), and does not throw itself', () => {
    const win = {
      get self() {
        return win;
      },
      get top(): never {
        throw new DOMException('Blocked a frame with origin', 'SecurityError');
      },
    };
    expect(isFramed(asWindow(win))).toBe(true);
  });
});

const CONSOLE = 'http://127.0.0.1:5174';

/** A console window at CONSOLE; `parent` is the parent's origin when it is same-origin (readable), else it throws. */
const frame = (opts: { ancestors?: string[] | null; referrer?: string; parent?: string }) =>
  asWindow({
    location: { ancestorOrigins: opts.ancestors === null ? undefined : opts.ancestors, origin: CONSOLE },
    document: { referrer: opts.referrer ?? '' },
    parent: {
      location: {
        get origin() {
          if (opts.parent === undefined) throw new DOMException('Blocked a frame', 'SecurityError');
          return opts.parent;
        },
      },
    },
  });

describe('parentOrigin', () => {
  it('reads location.ancestorOrigins[0] first', () => {
    expect(
      parentOrigin(
        frame({ ancestors: ['http://localhost:5173', 'https://top.example'], referrer: 'https://ref.example/x' }),
      ),
    ).toBe('http://localhost:5173');
  });

  it("is null when the parent's origin is opaque ('null'), without falling back to the referrer", () => {
    expect(parentOrigin(frame({ ancestors: ['null'], referrer: 'https://ref.example/' }))).toBeNull();
  });

  it('falls back to the origin of document.referrer when ancestorOrigins is missing or empty', () => {
    expect(parentOrigin(frame({ ancestors: null, referrer: 'http://localhost:5173/some/page?x=1#y' }))).toBe(
      'http://localhost:5173',
    );
    expect(parentOrigin(frame({ ancestors: [], referrer: 'https://host.example:8443/' }))).toBe(
      'https://host.example:8443',
    );
  });

  it('is null when neither tells (no referrer, an unparsable one, or one with an opaque origin)', () => {
    expect(parentOrigin(frame({ ancestors: null, referrer: '' }))).toBeNull();
    expect(parentOrigin(frame({ ancestors: [], referrer: 'not a url' }))).toBeNull();
    expect(parentOrigin(frame({ ancestors: null, referrer: 'about:blank' }))).toBeNull();
    expect(parentOrigin(frame({ ancestors: null, referrer: 'data:text/html,hi' }))).toBeNull();
  });

  it("does not take its own origin for the parent's: a referrer at the console's origin after a self-reload", () => {
    // Framed by localhost (cross-origin, unreadable), the console reloaded itself: the referrer is its own URL.
    expect(parentOrigin(frame({ ancestors: null, referrer: `${CONSOLE}/agent/chat?seed=1` }))).toBeNull();
    expect(parentOrigin(frame({ ancestors: ['null'], referrer: `${CONSOLE}/agent/chat` }))).toBeNull();
  });

  it('takes a referrer at its own origin when the parent really is same-origin (its location is readable)', () => {
    expect(parentOrigin(frame({ ancestors: null, referrer: `${CONSOLE}/host.html`, parent: CONSOLE }))).toBe(CONSOLE);
  });

  it('a readable parent at another origin than the referrer does not vouch for the referrer', () => {
    expect(
      parentOrigin(frame({ ancestors: null, referrer: `${CONSOLE}/x`, parent: 'http://localhost:5173' })),
    ).toBeNull();
  });
});

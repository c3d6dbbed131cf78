/** docs/protocol.md §1: framed means `self !== top`; a cross-origin top that throws on access counts as framed. */
export function isFramed(win: Window = window): boolean {
  try {
    return win.self !== win.top;
  } catch {
    return true;
  }
}

/**
 * The origin of the window that frames us: `location.ancestorOrigins[0]` where the browser has it (Chromium,
 * Safari), else the origin of `document.referrer`. Null when neither tells (e.g. a no-referrer host in Firefox).
 */
export function parentOrigin(win: Window = window): string | null {
  const ancestors = win.location.ancestorOrigins;
  if (ancestors && ancestors.length > 0) {
    const first = ancestors[0];
    return first && first !== 'null' ? first : null;
  }
  try {
    const origin = new URL(win.document.referrer).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

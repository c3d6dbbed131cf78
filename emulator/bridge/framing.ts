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
 * Safari), else the origin of `document.referrer`. Null when neither tells (e.g. a no-referrer host in Firefox);
 * the origin policy then learns it from the parent window's first message (origins.ts).
 *
 * A referrer at our own origin is not evidence: after the console reloads or navigates itself (login, F5), the
 * referrer is its own previous URL whoever frames it. It names the parent only when the parent really is
 * same-origin, which reading the parent's location proves (a cross-origin parent throws).
 */
export function parentOrigin(win: Window = window): string | null {
  const ancestors = win.location.ancestorOrigins;
  if (ancestors && ancestors.length > 0) {
    const first = ancestors[0];
    return first && first !== 'null' ? first : null;
  }
  let origin: string;
  try {
    origin = new URL(win.document.referrer).origin;
  } catch {
    return null;
  }
  if (origin === 'null') return null;
  if (origin === win.location.origin) return sameOriginParent(win) === origin ? origin : null;
  return origin;
}

/** The parent's origin when the parent is same-origin (readable); null when reading it throws. */
function sameOriginParent(win: Window): string | null {
  try {
    return win.parent.location.origin;
  } catch {
    return null;
  }
}

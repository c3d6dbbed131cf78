/**
 * What the cross-engine contract suite needs from a browser, so that each test is written once for every engine:
 * one tab, scripts in the top page or in one of its iframes, and an end. Scripts are the source of a function
 * taking one JSON argument; what they return (or resolve to) comes back as JSON.
 */
export interface EngineSession {
  /** Opens `url` in the session's one tab and waits for its load event. */
  goto(url: string): Promise<void>;
  /** Runs the function `fn` (its source) with `arg` in the top page. */
  top<T>(fn: string, arg?: unknown): Promise<T>;
  /** Runs the function `fn` with `arg` inside the iframe the CSS `selector` finds in the top page. */
  frame<T>(selector: string, fn: string, arg?: unknown): Promise<T>;
  close(): Promise<void>;
}

export interface Engine {
  /** e.g. "firefox 153.8.0esr" once started; the engine's family before. */
  name: string;
  /** Why this engine cannot run here (a missing browser or driver), or null when it can. */
  unavailable(): string | null;
  start(): Promise<EngineSession>;
}

/**
 * The call a driver evaluates: `fn` applied to `arg`. esbuild (tsx) may wrap named inner functions in
 * `__name(…)`, which does not exist in the page: it is defined here as the identity.
 */
export function callSource(fn: string, arg: unknown): string {
  return `(() => { const __name = (f) => f; return (${fn})(${JSON.stringify(arg) ?? 'undefined'}); })()`;
}

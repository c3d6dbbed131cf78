/**
 * The strict check of what the console posts (protocol/parse.ts checkEmitted), remembered per payload: a command
 * storm acknowledges 10,000 status updates with a handful of distinct payloads, and checking each one again cost
 * more than half of the emulator's time per round trip (bench/: storm). The payload's JSON is the key: equal JSON,
 * equal verdict, since the envelope around it (type, a Date.now() timestamp, the fixed source) is the same kind of
 * thing every time. Only passes are remembered; a failure is checked again, so its message is always exact.
 */

/** Payloads longer than this (an unread event listing many threads) are checked without being remembered. */
const MAX_KEY = 16_384;
/** Distinct payloads remembered at most; then it starts afresh, so memory stays bounded in a long run. */
const MAX_ENTRIES = 512;

export function rememberedCheck(
  check: (event: unknown) => string | null,
): (event: { type: string; data: unknown }) => string | null {
  const passed = new Set<string>();
  return (event) => {
    let key: string;
    try {
      key = `${event.type}\n${JSON.stringify(event.data)}`;
    } catch {
      return check(event);
    }
    if (key.length > MAX_KEY) return check(event);
    if (passed.has(key)) return null;
    const problem = check(event);
    if (problem === null) {
      if (passed.size >= MAX_ENTRIES) passed.clear();
      passed.add(key);
    }
    return problem;
  };
}

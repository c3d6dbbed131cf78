/** Issue 6, item 6: a console left open for a long run keeps a bounded protocol log. */
import { describe, expect, it } from 'vitest';
import { ProtocolLog } from './protocol-log';

const ENTRIES = 100_000;

describe('the protocol log over a long run', () => {
  it(`holds exactly its capacity after ${ENTRIES} entries, the newest ones, and still counts them all`, () => {
    const log = new ProtocolLog();
    const heapBefore = process.memoryUsage().heapUsed;
    for (let i = 0; i < ENTRIES; i++) {
      // ~8 KB each: kept unbounded, 100k of them would be ~800 MB.
      const message = { type: 'update_agent_status_busy', padding: new Array(1000).fill(i) };
      log.add({ at: i, direction: 'in', type: message.type, outcome: i % 2 ? 'ok' : 'violation', message });
    }
    const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
    const list = log.list();
    expect(list).toHaveLength(log.capacity);
    expect(log.capacity).toBe(2000);
    expect(list[0]?.at).toBe(ENTRIES - log.capacity);
    expect(list.at(-1)?.at).toBe(ENTRIES - 1);
    expect(list.every((entry, k) => entry.at === ENTRIES - log.capacity + k)).toBe(true);
    expect(log.totals).toMatchObject({ ok: ENTRIES / 2, violation: ENTRIES / 2 });
    // 2000 retained entries are ~16 MB; the bound leaves room for the collector's own timing.
    expect(heapGrowth).toBeLessThan(200 * 1024 * 1024);
  }, 30_000);
});

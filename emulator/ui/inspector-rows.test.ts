import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../simulator/protocol-log';
import { type DrawnRow, type ListParent, syncRows } from './inspector-rows';

/** A list element stand-in: children in order, with the sibling links the sync walks. */
class FakeNode {
  parent: FakeList | null = null;
  constructor(readonly label: string) {}
  get nextSibling(): FakeNode | null {
    const siblings = this.parent?.children ?? [];
    return siblings[siblings.indexOf(this) + 1] ?? null;
  }
}

class FakeList implements ListParent<FakeNode> {
  children: FakeNode[] = [];
  moves = 0;
  get firstChild(): FakeNode | null {
    return this.children[0] ?? null;
  }
  insertBefore(node: FakeNode, before: FakeNode | null): void {
    if (node.parent) {
      this.moves++;
      this.removeChild(node);
    }
    const at = before ? this.children.indexOf(before) : this.children.length;
    this.children.splice(at, 0, node);
    node.parent = this;
  }
  removeChild(node: FakeNode): void {
    this.children.splice(this.children.indexOf(node), 1);
    node.parent = null;
  }
}

const entry = (n: number, outcome: LogEntry['outcome'] = 'ok'): LogEntry => ({
  at: n,
  direction: n % 2 ? 'in' : 'out',
  type: `m${n}`,
  outcome,
  message: { n },
});

/** The log's newest-first window of `entries`, as the inspector shows it. */
const newestFirst = (entries: LogEntry[], limit: number) => entries.slice(-limit).reverse();

function harness() {
  const list = new FakeList();
  const drawn = new Map<LogEntry, DrawnRow<FakeNode>>();
  const draws: Array<{ type: string; previous: boolean }> = [];
  const sync = (shown: readonly LogEntry[]) =>
    syncRows(list, shown, drawn, (e, previous) => {
      draws.push({ type: e.type, previous: previous !== undefined });
      return new FakeNode(`${e.type}:${e.outcome}`);
    });
  const labels = () => list.children.map((node) => node.label);
  return { list, drawn, draws, sync, labels };
}

describe('syncRows: the inspector list drawn by hand', () => {
  it('draws the shown entries in order', () => {
    const { sync, labels } = harness();
    const log = [1, 2, 3].map((n) => entry(n));
    sync(newestFirst(log, 300));
    expect(labels()).toEqual(['m3:ok', 'm2:ok', 'm1:ok']);
  });

  it('a redraw draws only the new rows and drops only the old, moving none of the rest', () => {
    const { list, sync, labels, draws } = harness();
    const log = Array.from({ length: 10 }, (_, i) => entry(i));
    sync(newestFirst(log, 5));
    const kept = list.children.slice(0, 3);
    draws.length = 0;
    log.push(entry(10), entry(11));
    sync(newestFirst(log, 5));
    expect(draws.map((d) => d.type)).toEqual(['m11', 'm10']);
    expect(labels()).toEqual(['m11:ok', 'm10:ok', 'm9:ok', 'm8:ok', 'm7:ok']);
    expect(list.children.slice(2)).toEqual(kept);
    expect(list.moves).toBe(0);
  });

  it('redraws a row whose entry was amended since, in its place, knowing what it replaced', () => {
    const { sync, labels, draws } = harness();
    const log = [1, 2, 3].map((n) => entry(n));
    sync(newestFirst(log, 300));
    draws.length = 0;
    Object.assign(log[1] as LogEntry, { outcome: 'violation', reason: 'refused' });
    sync(newestFirst(log, 300));
    expect(draws).toEqual([{ type: 'm2', previous: true }]);
    expect(labels()).toEqual(['m3:ok', 'm2:violation', 'm1:ok']);
  });

  it('follows any new selection and order (a filter, a cleared log)', () => {
    const { sync, labels, drawn } = harness();
    const log = [1, 2, 3, 4].map((n) => entry(n, n % 2 ? 'ok' : 'warning'));
    sync(newestFirst(log, 300));
    sync(log.filter((e) => e.outcome === 'warning'));
    expect(labels()).toEqual(['m2:warning', 'm4:warning']);
    sync([]);
    expect(labels()).toEqual([]);
    expect(drawn.size).toBe(0);
  });
});

describe('syncRows: a burst drawn over several frames', () => {
  it('draws at most maxNew rows per call, newest first, and says when rows are left', () => {
    const { sync, labels, list, drawn } = harness();
    const log = Array.from({ length: 10 }, (_, i) => entry(i));
    const shown = newestFirst(log, 300);
    const draw = (e: LogEntry) => new FakeNode(`${e.type}:${e.outcome}`);
    expect(syncRows(list, shown, drawn, draw, 4)).toBe(false);
    expect(labels()).toEqual(['m9:ok', 'm8:ok', 'm7:ok', 'm6:ok']);
    expect(syncRows(list, shown, drawn, draw, 4)).toBe(false);
    expect(syncRows(list, shown, drawn, draw, 4)).toBe(true);
    expect(labels()).toEqual(shown.map((e) => `${e.type}:ok`));
    // Rows already there are not counted against the limit.
    log.push(entry(10));
    expect(syncRows(list, newestFirst(log, 300), drawn, draw, 1)).toBe(true);
    expect(labels()[0]).toBe('m10:ok');
    sync([]);
  });

  it('puts rows left from a burst in their places under the rows that came after', () => {
    const { labels, list, drawn } = harness();
    const draw = (e: LogEntry) => new FakeNode(e.type);
    const log = Array.from({ length: 6 }, (_, i) => entry(i));
    syncRows(list, newestFirst(log, 300), drawn, draw, 2);
    log.push(entry(6), entry(7));
    syncRows(list, newestFirst(log, 300), drawn, draw, 2);
    expect(labels()).toEqual(['m7', 'm6', 'm5', 'm4']);
    while (!syncRows(list, newestFirst(log, 300), drawn, draw, 2));
    expect(labels()).toEqual(['m7', 'm6', 'm5', 'm4', 'm3', 'm2', 'm1', 'm0']);
  });
});

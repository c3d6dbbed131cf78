import { jsonSafe } from '../../common/json';
import type { LogEntry, Outcome } from '../simulator/protocol-log';
import { t } from './i18n';

/**
 * The inspector's rows, kept by hand rather than by Preact: in a storm of host messages the list gains dozens of
 * rows per redraw, and re-rendering 300 row components to add them cost 5–9 ms a redraw, long enough to delay the
 * host's next round trip (bench/: round-trip p99). Here a redraw creates only the new rows, drops only the old
 * ones, and leaves the rest alone; and it creates a few dozen at most, the rest in the frames that follow.
 */

/** The part of the DOM the list needs, so the bookkeeping can be tested without a browser. */
export interface ListParent<N> {
  readonly firstChild: N | null;
  insertBefore(node: N, before: N | null): unknown;
  removeChild(node: N): unknown;
}

export interface DrawnRow<N> {
  node: N;
  /** The verdict the row shows: entries are amended in place (a command the world refused). */
  outcome: Outcome;
  reason: string | undefined;
}

/**
 * Makes `parent`'s children the rows of `shown`, in that order: rows already drawn for an entry are kept (redrawn
 * if its verdict changed since), the others are drawn, and rows of entries no longer shown are removed.
 * At most `maxNew` rows are drawn, the first (newest) ones first; returns false when some were left for a next
 * call, which puts them in their places.
 */
export function syncRows<N extends { readonly nextSibling: N | null }>(
  parent: ListParent<N>,
  shown: readonly LogEntry[],
  drawn: Map<LogEntry, DrawnRow<N>>,
  draw: (entry: LogEntry, previous: DrawnRow<N> | undefined) => N,
  maxNew = Number.POSITIVE_INFINITY,
): boolean {
  let budget = maxNew;
  let complete = true;
  const keep = new Set(shown);
  for (const [entry, row] of drawn) {
    if (keep.has(entry)) continue;
    parent.removeChild(row.node);
    drawn.delete(entry);
  }
  let cursor = parent.firstChild;
  for (const entry of shown) {
    let row = drawn.get(entry);
    if (row && (row.outcome !== entry.outcome || row.reason !== entry.reason)) {
      const node = draw(entry, row);
      parent.insertBefore(node, row.node);
      parent.removeChild(row.node);
      if (cursor === row.node) cursor = node;
      row = { node, outcome: entry.outcome, reason: entry.reason };
      drawn.set(entry, row);
    }
    if (!row) {
      if (budget <= 0) {
        complete = false;
        continue;
      }
      budget--;
      row = { node: draw(entry, undefined), outcome: entry.outcome, reason: entry.reason };
      drawn.set(entry, row);
    }
    if (row.node === cursor) cursor = cursor.nextSibling;
    else parent.insertBefore(row.node, cursor);
  }
  return complete;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
function clockTime(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** Pretty JSON of whatever a host sent: cycles, BigInt and absurd nesting included (see jsonSafe). */
function safeJson(value: unknown): string {
  try {
    return JSON.stringify(jsonSafe(value), null, 2) ?? String(value);
  } catch {
    return '[unprintable]';
  }
}

/** One row's markup, cloned for every row: cheaper than building six elements one by one. */
const templates = new WeakMap<Document, HTMLLIElement>();
function template(doc: Document): HTMLLIElement {
  let li = templates.get(doc);
  if (!li) {
    li = doc.createElement('li');
    li.setAttribute('data-testid', 'inspector-row');
    const line = doc.createElement('button');
    line.type = 'button';
    line.className = 'inspector-line';
    for (const name of ['inspector-time', 'inspector-dir', 'inspector-type', 'pill']) {
      const span = doc.createElement('span');
      span.className = name;
      line.append(span);
    }
    li.append(line);
    templates.set(doc, li);
  }
  return li;
}

/** One row: a line that expands to the message's JSON, and the reason when there is one. */
export function drawRow(doc: Document, entry: LogEntry, open: boolean): HTMLLIElement {
  const li = template(doc).cloneNode(true) as HTMLLIElement;
  li.className = `inspector-row outcome-${entry.outcome}`;
  li.setAttribute('data-direction', entry.direction);
  li.setAttribute('data-type', entry.type);
  li.setAttribute('data-outcome', entry.outcome);
  const line = li.firstChild as HTMLButtonElement;
  const [time, dir, type, pill] = line.children as unknown as [HTMLElement, HTMLElement, HTMLElement, HTMLElement];
  // Text, never HTML: a host's message can carry anything.
  time.textContent = clockTime(entry.at);
  dir.className = `inspector-dir dir-${entry.direction}`;
  dir.title = t(entry.direction === 'in' ? 'inspector.in' : 'inspector.out');
  dir.textContent = entry.direction === 'in' ? '← in' : 'out →';
  type.textContent = entry.type;
  pill.className = `pill pill-${entry.outcome}`;
  pill.textContent = entry.outcome;
  if (entry.chaos) {
    // Chaos is not vendor behaviour: the row says so in its own colour.
    li.setAttribute('data-chaos', entry.chaos);
    pill.className = 'pill pill-chaos';
    pill.textContent = `chaos: ${entry.chaos}`;
  }
  if (entry.reason) {
    const reason = doc.createElement('div');
    reason.className = 'inspector-reason';
    reason.textContent = entry.reason;
    li.append(reason);
  }
  let json: HTMLPreElement | null = null;
  const show = (on: boolean) => {
    line.setAttribute('aria-expanded', String(on));
    if (on && !json) {
      json = doc.createElement('pre');
      json.className = 'inspector-json';
      json.textContent = safeJson(entry.message);
      li.append(json);
    } else if (!on && json) {
      json.remove();
      json = null;
    }
  };
  line.addEventListener('click', () => show(json === null));
  show(open);
  return li;
}

/** Whether a drawn row has its JSON open, so a redrawn row stays as the user left it. */
export const isOpen = (row: DrawnRow<ChildNode> | undefined): boolean =>
  row?.node instanceof Element && row.node.querySelector('.inspector-json') !== null;

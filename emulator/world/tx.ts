import type { OutgoingEvent, Thread } from '../../protocol/schema';
import { vendorDate } from './dates';
import { createRng, type Rng } from './rng';
import type { Message, WorldState } from './types';

/** Messages kept per thread: enough for any chat pane, bounded so long runs stay flat. */
export const HISTORY_LIMIT = 200;

/** The records a step copies before its first write to them. */
type Copied = 'threads' | 'messages' | 'lastActivity' | 'liveBorn';

const NOTHING_WRITTEN: ReadonlySet<string> = new Set();

/**
 * One step's working copy. Records are copied on first write, once per step, so a batch of 10,000 inputs
 * costs one copy, and the state handed in is never mutated.
 */
export class Tx {
  readonly state: WorldState;
  readonly events: OutgoingEvent[] = [];
  forceUnread = false;
  // Made on first use, like the generator and the stamp: a status update (a storm runs thousands) writes no record.
  private wrote: Set<string> | undefined;
  private copied: Set<Copied> | undefined;
  private generator: Rng | undefined;
  private stamp: string | undefined;

  constructor(
    base: WorldState,
    readonly now: number,
  ) {
    this.state = { ...base };
  }

  /** Uids of the threads this step wrote or removed, so derived state is updated for those alone. */
  get touched(): ReadonlySet<string> {
    return this.wrote ?? NOTHING_WRITTEN;
  }

  get rng(): Rng {
    this.generator ??= createRng(this.state.rng);
    return this.generator;
  }

  /** `now` as a vendor date string. */
  get date(): string {
    this.stamp ??= vendorDate(this.now);
    return this.stamp;
  }

  private own<K extends Copied>(key: K): WorldState[K] {
    if (!this.copied?.has(key)) {
      this.state[key] = { ...this.state[key] } as WorldState[K];
      this.markCopied(key);
    }
    return this.state[key];
  }

  private markWritten(uid: string): void {
    this.wrote ??= new Set();
    this.wrote.add(uid);
  }

  private markCopied(key: Copied): void {
    this.copied ??= new Set();
    this.copied.add(key);
  }

  thread(uid: string): Thread | undefined {
    return Object.hasOwn(this.state.threads, uid) ? this.state.threads[uid] : undefined;
  }

  putThread(thread: Thread): Thread {
    this.own('threads')[thread.uid] = thread;
    this.markWritten(thread.uid);
    return thread;
  }

  removeThread(uid: string): void {
    delete this.own('threads')[uid];
    this.markWritten(uid);
    delete this.own('messages')[uid];
    delete this.own('lastActivity')[uid];
  }

  /** The console learnt of this thread from a live message (see WorldState.liveBorn). */
  markLiveBorn(uid: string): void {
    this.own('liveBorn')[uid] = true;
  }

  /** The console (re)loaded its list from the server: every thread it holds is a full one again. */
  forgetLiveBorn(): void {
    if (Object.keys(this.state.liveBorn).length === 0) return;
    this.state.liveBorn = {};
    this.markCopied('liveBorn');
  }

  addMessage(threadUid: string, message: Omit<Message, 'uid' | 'createdAt'>): Message {
    const full: Message = { uid: this.rng.digits(16), createdAt: this.date, ...message };
    const messages = this.own('messages');
    const history = messages[threadUid] ?? [];
    messages[threadUid] = history.length >= HISTORY_LIMIT ? [...history.slice(1), full] : [...history, full];
    this.own('lastActivity')[threadUid] = this.now;
    return full;
  }

  emit(event: OutgoingEvent): void {
    this.events.push(event);
  }

  finish(): WorldState {
    if (this.generator) this.state.rng = this.generator.state;
    return this.state;
  }
}

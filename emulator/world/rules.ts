import { preview } from '../../protocol/describe';
import type { Thread, ThreadAction } from '../../protocol/schema';
import {
  AGENT_GREETING,
  CLOSED_AUTOMATICALLY,
  CLOSED_BY_AGENT,
  COLLEAGUE_LINES,
  COLLEAGUE_NAMES,
  OFFLINE_TEXT,
  QUEUE_TEXT,
  VISITOR_LINES,
  WELCOME_TEXT,
} from './content';
import { makeThread, makeUser, UID_DIGITS, visitorNickname } from './make';
import type { Tx } from './tx';
import type { Party, VisitorOptions, WorkbenchStatus } from './types';

/** A visitor or agent thread idle this long closes itself (mock choice; the vendor's timeout is server config). */
export const IDLE_CLOSE_MS = 30 * 60 * 1000;

export class Refusal extends Error {}

/** A visitor's thread (AGENT or WORKGROUP), as opposed to a colleague's, a group's or a robot's. */
export const isVisitorThread = (t: Thread): boolean => t.type === 'AGENT' || t.type === 'WORKGROUP';

/** Only a CHATTING visitor thread can be transferred to a colleague. */
export const canTransfer = (t: Thread): boolean => isVisitorThread(t) && t.status === 'CHATTING';

function mustFind(tx: Tx, label: string, threadUid: string): Thread {
  const thread = tx.thread(threadUid);
  // preview, not the raw value: a host may send a megabyte as a uid, and the reason is for reading.
  if (!thread) throw new Refusal(`${label}: unknown threadUid ${preview(threadUid)}`);
  return thread;
}

function chattingCount(threads: Iterable<Thread>): number {
  let n = 0;
  for (const t of threads) if (isVisitorThread(t) && t.status === 'CHATTING') n++;
  return n;
}

function changeStatus(tx: Tx, thread: Thread, patch: Partial<Thread>, action: ThreadAction): Thread {
  const next = tx.putThread({ ...thread, ...patch, updatedAt: tx.date });
  tx.emit({ type: 'thread_status_changed', data: { thread: next, action } });
  return next;
}

export function setStatus(tx: Tx, status: WorkbenchStatus): void {
  // Every accepted update is acknowledged, even to the same status: it is the host's only acknowledgement.
  tx.state.agent = { ...tx.state.agent, status, updatedAt: tx.date };
  tx.emit({ type: 'agent_status_changed', data: { status, agentInfo: tx.state.agent } });
}

export function clearUnread(tx: Tx, threadUid: string, label = 'clear_unread_count'): Thread {
  const thread = mustFind(tx, label, threadUid);
  if (thread.unreadCount === 0 && !thread.unread) return thread;
  return tx.putThread({ ...thread, unreadCount: 0, unread: false });
}

export function openThread(tx: Tx, threadUid: string | null): Thread | undefined {
  if (threadUid === null) {
    tx.state.openThreadUid = null;
    return undefined;
  }
  const thread = clearUnread(tx, threadUid, 'openThread');
  tx.state.openThreadUid = threadUid;
  return thread;
}

/** A message arrives in a thread: preview, time, and unread +1 unless the agent has it open. */
function receive(tx: Tx, thread: Thread, from: 'visitor' | 'colleague', nickname: string, content: string): Thread {
  tx.addMessage(thread.uid, { from, nickname, content });
  const isOpen = tx.state.openThreadUid === thread.uid;
  const unreadCount = isOpen ? 0 : thread.unreadCount + 1;
  return tx.putThread({ ...thread, content, updatedAt: tx.date, unreadCount, unread: unreadCount > 0 });
}

/**
 * Routing as the vendor's server does it (docs/emulator.md; evidence R1–R5): only a connected AVAILABLE agent with
 * room is assigned the visitor; AVAILABLE but full queues; anything else (BUSY, REST, OFFLINE…) is not accepting
 * and the visitor leaves a message. The server writes the welcome, queue or offline text into the new thread's
 * content (S13); the visitor's first message is unread (S14: the server sets unreadCount 1).
 */
export function visitorArrives(tx: Tx, options: VisitorOptions): Thread {
  const { state, rng } = tx;
  const type = options.type ?? (rng.chance(0.6) ? 'WORKGROUP' : 'AGENT');
  const visitorUid = rng.digits(UID_DIGITS);
  const nickname = options.nickname ?? visitorNickname(tx, visitorUid);
  const content = options.content ?? rng.pick(VISITOR_LINES);
  const workgroup = type === 'WORKGROUP' ? rng.pick(state.workgroups) : undefined;
  const user = makeUser(state, visitorUid, nickname, 'VISITOR');
  const base = { type, user, workgroup, createdAt: tx.date } as const;

  const { agent } = state;
  if (agent.status !== 'AVAILABLE' || !agent.connected) {
    // Not accepting: the leave-a-message path, a thread that never reaches this agent's list, and no event.
    return makeThread(tx, { ...base, status: 'OFFLINE', content: OFFLINE_TEXT });
  }
  const hasRoom = chattingCount(Object.values(state.threads)) < agent.maxThreadCount;
  const status = hasRoom ? 'CHATTING' : 'QUEUING';
  const routed = hasRoom ? WELCOME_TEXT : QUEUE_TEXT;
  const created = tx.putThread(makeThread(tx, { ...base, status, content: routed }));
  tx.markLiveBorn(created.uid);
  const heard = receive(tx, created, 'visitor', nickname, content);
  tx.addMessage(
    heard.uid,
    hasRoom
      ? { from: 'agent', nickname: agent.nickname, content: routed }
      : { from: 'system', nickname: '', content: routed },
  );
  // The preview is the server's text, the latest message; the visitor's line stays unread.
  const thread = tx.putThread({ ...heard, content: routed });
  if (hasRoom) tx.emit({ type: 'new_visitor_message', data: { thread } });
  else tx.emit({ type: 'thread_status_changed', data: { thread, action: 'queue' } });
  return thread;
}

export function visitorSends(tx: Tx, threadUid: string, content: string): Thread {
  const thread = mustFind(tx, 'visitorSends', threadUid);
  if (!isVisitorThread(thread))
    throw new Refusal(`visitorSends: thread ${threadUid} is a ${thread.type} thread, not a visitor's`);
  if (thread.status === 'CLOSED') throw new Refusal(`visitorSends: thread ${threadUid} is CLOSED`);
  return receive(tx, thread, 'visitor', thread.user.nickname, content);
}

function partyThread(tx: Tx, type: 'MEMBER' | 'GROUP', party: Party): Thread {
  // A closed conversation stays closed; the next message starts a new one, as in the vendor's IM.
  const existing = Object.values(tx.state.threads).find(
    (t) => t.type === type && t.user.uid === party.uid && t.status !== 'CLOSED',
  );
  if (existing) return existing;
  // UserTypeEnum has no GROUP (U2): a group chat's user is a USER with the group's picture (mock choice).
  const user =
    type === 'MEMBER'
      ? makeUser(tx.state, party.uid, party.nickname, 'MEMBER')
      : makeUser(tx.state, party.uid, party.nickname, 'USER', 'group');
  const thread = tx.putThread(makeThread(tx, { type, status: 'CHATTING', user, content: '', createdAt: tx.date }));
  tx.markLiveBorn(thread.uid);
  return thread;
}

function findOrAddParty(tx: Tx, key: 'colleagues' | 'groups', nickname: string | undefined): Party {
  const list = tx.state[key];
  if (nickname === undefined) return tx.rng.pick(list);
  const found = list.find((p) => p.nickname === nickname);
  if (found) return found;
  const party = { uid: tx.rng.digits(UID_DIGITS), nickname };
  tx.state[key] = [...list, party];
  return party;
}

export function colleagueSends(tx: Tx, nickname?: string, content?: string): Thread {
  const colleague = findOrAddParty(tx, 'colleagues', nickname);
  const thread = partyThread(tx, 'MEMBER', colleague);
  return receive(tx, thread, 'colleague', colleague.nickname, content ?? tx.rng.pick(COLLEAGUE_LINES));
}

export function groupSends(tx: Tx, nickname?: string, content?: string): Thread {
  const group = findOrAddParty(tx, 'groups', nickname);
  const thread = partyThread(tx, 'GROUP', group);
  const speaker = tx.rng.pick(COLLEAGUE_NAMES);
  return receive(tx, thread, 'colleague', speaker, `${speaker}: ${content ?? tx.rng.pick(COLLEAGUE_LINES)}`);
}

export function reply(tx: Tx, threadUid: string, content: string): Thread {
  const thread = mustFind(tx, 'reply', threadUid);
  if (thread.status === 'CLOSED' || thread.status === 'QUEUING') {
    throw new Refusal(`reply: thread ${threadUid} is ${thread.status}; accept it first`);
  }
  tx.addMessage(threadUid, { from: 'agent', nickname: tx.state.agent.nickname, content });
  return tx.putThread({ ...thread, content, updatedAt: tx.date });
}

export function acceptThread(tx: Tx, threadUid: string): Thread {
  const thread = mustFind(tx, 'acceptThread', threadUid);
  if (thread.status !== 'QUEUING')
    throw new Refusal(`acceptThread: thread ${threadUid} is ${thread.status}, not QUEUING`);
  tx.addMessage(threadUid, { from: 'agent', nickname: tx.state.agent.nickname, content: AGENT_GREETING });
  return changeStatus(tx, thread, { status: 'CHATTING', content: AGENT_GREETING }, 'accept');
}

export function closeThread(tx: Tx, threadUid: string, auto = false): Thread {
  const thread = mustFind(tx, 'closeThread', threadUid);
  if (thread.status === 'CLOSED') throw new Refusal(`closeThread: thread ${threadUid} is already CLOSED`);
  const content = auto ? CLOSED_AUTOMATICALLY : CLOSED_BY_AGENT;
  tx.addMessage(threadUid, { from: 'system', nickname: '', content });
  // The console only flips the status (R7, inferred): a closed thread keeps its unread count until it is read.
  return changeStatus(tx, thread, { status: 'CLOSED', content, autoClose: auto }, auto ? 'auto_close' : 'close');
}

export function transferThread(tx: Tx, threadUid: string): Thread {
  const thread = mustFind(tx, 'transferThread', threadUid);
  if (!canTransfer(thread)) {
    throw new Refusal(
      `transferThread: only a CHATTING visitor thread can be transferred; ${threadUid} is ${thread.type} ${thread.status}`,
    );
  }
  const handed = { ...thread, updatedAt: tx.date };
  tx.removeThread(threadUid);
  if (tx.state.openThreadUid === threadUid) tx.state.openThreadUid = null;
  tx.emit({ type: 'thread_status_changed', data: { thread: handed, action: 'transfer' } });
  return handed;
}

export function closeIdle(tx: Tx): void {
  for (const thread of Object.values(tx.state.threads)) {
    if (!isVisitorThread(thread) || (thread.status !== 'CHATTING' && thread.status !== 'QUEUING')) continue;
    const last = tx.state.lastActivity[thread.uid] ?? 0;
    if (tx.now - last >= IDLE_CLOSE_MS) closeThread(tx, thread.uid, true);
  }
}

/** One spontaneous event of a lively world; weights favour conversation over arrivals. */
export function autopilot(tx: Tx): void {
  const roll = tx.rng.next();
  const talking = Object.values(tx.state.threads).filter((t) => isVisitorThread(t) && t.status === 'CHATTING');
  if (roll < 0.3 || talking.length === 0) {
    // Visitors only come into view while the agent accepts; the others leave messages elsewhere.
    if (tx.state.agent.status === 'AVAILABLE') visitorArrives(tx, {});
  } else if (roll < 0.8) {
    visitorSends(tx, tx.rng.pick(talking).uid, tx.rng.pick(VISITOR_LINES));
  } else if (roll < 0.9) {
    colleagueSends(tx);
  } else {
    groupSends(tx);
  }
}

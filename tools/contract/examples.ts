import { project } from '../../emulator/bridge/payload';
import { createWorld, type Input, isVisitorThread, step, type WorldState } from '../../emulator/world';
import {
  type Command,
  type CommandOf,
  type CommandType,
  type ConsoleEvent,
  checkEmitted,
  EVENT_SOURCE,
  type EventOf,
  type EventType,
  type OutgoingEvent,
  type ProjectedEvent,
  parseCommand,
  parseEvent,
} from '../../protocol';

/** 2025-01-15 12:00:00 in Shanghai: fixed, so the reference page is the same on every run. */
const EXAMPLE_NOW = Date.UTC(2025, 0, 15, 4, 0, 0);
/** The emulator's default dev origin: thread avatars are absolute URLs there, as the vendor's are. */
const ASSET_BASE = 'http://127.0.0.1:5174/avatars/';

interface CommandExample<T extends CommandType = CommandType> {
  message: CommandOf<T>;
  /** What the console posted in answer, in the example world. */
  answers: EventType[];
}

export interface Examples {
  /** How the example world was made, for the page to say. */
  world: string;
  events: { [T in EventType]: EventOf<T> };
  commands: { [T in CommandType]: CommandExample<T> };
}

/** What the bridge does before posting: the vendor envelope's `timestamp` and `source`. */
const envelope = (event: ProjectedEvent, timestamp: number) =>
  ({ ...event, timestamp, source: EVENT_SOURCE }) as ConsoleEvent;

/** The demo world, driven one second per input like a live console; keeps the first event of each type. */
class Story {
  state: WorldState;
  now = EXAMPLE_NOW;
  readonly firsts = new Map<EventType, ConsoleEvent>();

  constructor() {
    this.state = createWorld({ seed: 1, scenario: 'demo', now: this.now, assetBase: ASSET_BASE });
  }

  run(input: Input, label: string): OutgoingEvent[] {
    this.now += 1000;
    const result = step(this.state, input, this.now);
    if (result.error !== undefined) throw new Error(`example world: ${label} was refused: ${result.error}`);
    this.state = result.state;
    for (const event of result.events) {
      // As the default payload=vendor posts it: a thread born from a live message is thin until a refresh.
      const projected = project(event, 'vendor', this.state.liveBorn);
      if (!this.firsts.has(event.type)) this.firsts.set(event.type, envelope(projected, this.now));
    }
    return result.events;
  }

  /** A command on a copy of the current world, so that each example starts from the same place. */
  answers(command: Command): EventType[] {
    const result = step(this.state, { kind: 'command', command }, this.now + 1000);
    if (result.error !== undefined) throw new Error(`example world: ${command.type} was refused: ${result.error}`);
    return result.events.map((e) => e.type);
  }
}

function eventExample<T extends EventType>(story: Story, type: T): EventOf<T> {
  const event = story.firsts.get(type);
  if (!event) throw new Error(`example world: no ${type} event was emitted; change the story in examples.ts`);
  const parsed = parseEvent(event);
  const problem = parsed.ok ? (parsed.warnings[0] ?? checkEmitted(event, 'vendor')) : parsed.reason;
  if (problem) throw new Error(`example ${type} is not a valid event: ${problem}`);
  return event as EventOf<T>;
}

function commandExample<T extends CommandType>(story: Story, message: CommandOf<T>): CommandExample<T> {
  const parsed = parseCommand(message);
  const problem = parsed.ok ? parsed.warnings[0] : parsed.reason;
  if (problem) throw new Error(`example ${message.type} is not a valid command: ${problem}`);
  return { message, answers: story.answers(message) };
}

/**
 * One vendor-shaped message per event and command, made by the real emulator world rather than written by hand,
 * and each checked against the schemas: the page cannot show an example the console would not send or accept.
 */
export function makeExamples(): Examples {
  const story = new Story();
  story.run({ kind: 'sync' }, 'the first load');
  story.run({ kind: 'visitorArrives', type: 'WORKGROUP' }, 'a visitor arriving');
  story.run({ kind: 'command', command: { type: 'update_agent_status', data: { status: 'BUSY' } } }, 'going BUSY');
  const left = story.run({ kind: 'visitorArrives', type: 'AGENT' }, 'a visitor arriving while BUSY');
  if (left.length > 0) throw new Error('example world: a visitor arriving while BUSY must leave a message, silently');
  const chatting = Object.values(story.state.threads).find((t) => t.type === 'WORKGROUP' && t.status === 'CHATTING');
  if (!chatting) throw new Error('example world: no CHATTING workgroup thread to close');
  story.run({ kind: 'closeThread', threadUid: chatting.uid }, 'the agent closing a chat');

  const unread = Object.values(story.state.threads).find((t) => t.unreadCount > 0 && isVisitorThread(t));
  if (!unread) throw new Error("example world: no visitor's thread has unread messages to clear");

  return {
    world:
      'seed 1, scenario demo, 2025-01-15 12:00:00 in Shanghai, payload=vendor; then the first load, a WORKGROUP ' +
      'visitor (thin: born from a live message), update_agent_status BUSY, an AGENT visitor who leaves a message ' +
      '(BUSY is not accepting: no event) and the agent closing the oldest chatting workgroup thread, one second apart',
    events: {
      unread_message_count: eventExample(story, 'unread_message_count'),
      new_visitor_message: eventExample(story, 'new_visitor_message'),
      agent_status_changed: eventExample(story, 'agent_status_changed'),
      thread_status_changed: eventExample(story, 'thread_status_changed'),
    },
    commands: {
      update_agent_status: commandExample(story, { type: 'update_agent_status', data: { status: 'AVAILABLE' } }),
      update_agent_status_available: commandExample(story, { type: 'update_agent_status_available' }),
      update_agent_status_busy: commandExample(story, { type: 'update_agent_status_busy' }),
      update_agent_status_offline: commandExample(story, { type: 'update_agent_status_offline' }),
      refresh_threads: commandExample(story, { type: 'refresh_threads' }),
      clear_unread_count: commandExample(story, { type: 'clear_unread_count', data: { threadUid: unread.uid } }),
    },
  };
}

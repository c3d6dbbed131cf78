import { sortThreads, unreadSummary, type WorldState } from '../world';
import type { EmulatorTestApi } from './test-api-types';

/**
 * `state()` of docs/protocol.md §7 for a world: what the page's test API answers, and what the server answers from
 * the world it keeps when no page of that world is open (server/world-keeper.ts). Shares the world's objects;
 * callers that hand it out copy it.
 */
export function stateOf(world: WorldState): ReturnType<EmulatorTestApi['state']> {
  return {
    agent: world.agent,
    threads: sortThreads(Object.values(world.threads)),
    totalUnreadCount: unreadSummary(world).totalUnreadCount,
  };
}

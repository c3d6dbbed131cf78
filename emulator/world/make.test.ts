/**
 * What the world puts into every thread and message besides the rules: avatar URLs under the asset base, the
 * workgroup read back from its JSON string, and the fixed texts the vendor console shows.
 */
import { describe, expect, it } from 'vitest';
import type { Thread } from '../../protocol';
import { NOW, Sim } from '../../test-support/world-kit';
import { AGENT_GREETING, CLOSED_AUTOMATICALLY, CLOSED_BY_AGENT } from './content';
import { createWorld } from './create';
import { workgroupName } from './make';

describe('avatars', () => {
  it('are <asset base><kind>.svg, one per kind of user', () => {
    const sim = new Sim({ assetBase: 'http://127.0.0.1:5174/avatars/' });
    const visitor = sim.ok({ kind: 'visitorArrives' }).thread.user;
    const colleague = sim.ok({ kind: 'colleagueSends' }).thread.user;
    const group = sim.ok({ kind: 'groupSends' }).thread.user;
    expect([visitor.avatar, colleague.avatar, group.avatar, sim.state.agent.avatar]).toEqual([
      'http://127.0.0.1:5174/avatars/visitor.svg',
      'http://127.0.0.1:5174/avatars/member.svg',
      'http://127.0.0.1:5174/avatars/group.svg',
      'http://127.0.0.1:5174/avatars/agent.svg',
    ]);
  });

  it('live under /avatars/ of the serving origin unless told otherwise', () => {
    expect(createWorld({ seed: 1, scenario: 'empty', now: NOW }).agent.avatar).toBe('/avatars/agent.svg');
  });
});

describe('workgroupName', () => {
  const sim = new Sim();
  const workgroup = sim.ok({ kind: 'visitorArrives', type: 'WORKGROUP' }).thread;
  const agent = sim.ok({ kind: 'visitorArrives', type: 'AGENT' }).thread;

  it("reads a WORKGROUP thread's workgroup nickname, and nothing for other threads", () => {
    expect(sim.state.workgroups.map((w) => w.nickname)).toContain(workgroupName(workgroup));
    expect(workgroupName(agent)).toBeUndefined();
  });

  it('gives nothing for a workgroup string that is not JSON or has no nickname', () => {
    const broken = (json: string): Thread => ({ ...workgroup, workgroup: json });
    expect([workgroupName(broken('{oops')), workgroupName(broken('{}')), workgroupName(broken('null'))]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('fixed texts', () => {
  it('greeting and the two closing notes are distinct, non-empty texts', () => {
    const texts = [AGENT_GREETING, CLOSED_BY_AGENT, CLOSED_AUTOMATICALLY];
    expect(texts.every((text) => text.trim().length > 1)).toBe(true);
    expect(new Set(texts).size).toBe(3);
  });
});

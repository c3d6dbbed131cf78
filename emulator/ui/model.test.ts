import { describe, expect, it } from 'vitest';
import { NOW, Sim, threadsOf } from '../world/test-kit';
import { loadLang, setLang } from './i18n';
import { CATEGORY_KEYS, computeStats, countCategories, inCategory, previewTag } from './model';

function busyWorld(): Sim {
  const sim = new Sim();
  sim.step({ kind: 'visitorArrives', type: 'WORKGROUP', nickname: 'A' });
  sim.step({ kind: 'visitorArrives', type: 'AGENT', nickname: 'B' });
  sim.step({ kind: 'colleagueSends' });
  sim.step({ kind: 'groupSends' });
  sim.step({ kind: 'setStatus', status: 'BUSY' });
  sim.step({ kind: 'visitorArrives', type: 'WORKGROUP', nickname: 'Q' });
  return sim;
}

describe('workbench categories', () => {
  it('counts every category in one pass, in agreement with the filter', () => {
    const threads = threadsOf(busyWorld().state);
    const counts = countCategories(threads);
    for (const key of CATEGORY_KEYS) {
      expect(counts[key], key).toBe(threads.filter((t) => inCategory(t, key)).length);
    }
    expect(counts).toMatchObject({ chatting: 2, queuing: 1, workgroup: 2, agent: 1, member: 1, group: 1, all: 5 });
    expect(counts.unread).toBe(5);
  });

  it('counts today, queued and chatting visitor threads for the status bar', () => {
    const sim = busyWorld();
    expect(computeStats(threadsOf(sim.state), sim.now)).toEqual({ today: 3, queue: 1, chatting: 2 });
    // A day later nothing was created "today".
    expect(computeStats(threadsOf(sim.state), NOW + 86_400_000).today).toBe(0);
  });

  it('tags previews like the vendor list', async () => {
    await loadLang('en');
    setLang('zh');
    const threads = threadsOf(busyWorld().state);
    const tags = new Set(threads.map(previewTag));
    expect([...tags].some((tag) => /^\[售[前后]工作组\]$/.test(tag))).toBe(true);
    expect(tags).toContain('[一对一]');
    expect(tags).toContain('[同事]');
    expect(tags).toContain('[群聊]');
    setLang('en');
    expect(threads.filter((t) => t.type === 'AGENT').map(previewTag)).toEqual(['[One-to-one]']);
    setLang('zh');
  });
});

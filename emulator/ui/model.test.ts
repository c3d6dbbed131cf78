import { describe, expect, it } from 'vitest';
import { testRuntime } from '../../test-support/test-runtime';
import { NOW, Sim, threadsOf } from '../../test-support/world-kit';
import { sortThreads } from '../world';
import { liveViewer } from './frame-batch';
import { loadLang, setLang } from './i18n';
import { CATEGORY_KEYS, createWorkbench, inCategory, overviewOf, previewTag } from './model';

/** An agent who serves `max` visitors at once: the next one queues (BUSY would send visitors away, R3). */
function servingAtMost(sim: Sim, max: number): void {
  sim.state = { ...sim.state, agent: { ...sim.state.agent, maxThreadCount: max } };
}

function busyWorld(): Sim {
  const sim = new Sim();
  servingAtMost(sim, 2);
  sim.step({ kind: 'visitorArrives', type: 'WORKGROUP', nickname: 'A' });
  sim.step({ kind: 'visitorArrives', type: 'AGENT', nickname: 'B' });
  sim.step({ kind: 'colleagueSends' });
  sim.step({ kind: 'groupSends' });
  sim.step({ kind: 'visitorArrives', type: 'WORKGROUP', nickname: 'Q' });
  return sim;
}

describe('workbench categories', () => {
  it('counts every category in one pass, in agreement with the filter', () => {
    const threads = threadsOf(busyWorld().state);
    const { counts } = overviewOf(threads, NOW);
    for (const key of CATEGORY_KEYS) {
      expect(counts[key], key).toBe(threads.filter((t) => inCategory(t, key)).length);
    }
    expect(counts).toMatchObject({ chatting: 2, queuing: 1, workgroup: 2, agent: 1, member: 1, group: 1, all: 5 });
    // The queued visitor's message waits in the queue, not among the unread (E3).
    expect(counts.unread).toBe(4);
  });

  it('counts today, queued and chatting visitor threads for the status bar', () => {
    const sim = busyWorld();
    expect(overviewOf(threadsOf(sim.state), sim.now).stats).toEqual({ today: 3, queue: 1, chatting: 2 });
    // A day later nothing was created "today".
    expect(overviewOf(threadsOf(sim.state), NOW + 86_400_000).stats.today).toBe(0);
  });

  it('lists the queue first come, first served', () => {
    const sim = new Sim();
    servingAtMost(sim, 0);
    for (const nickname of ['first', 'second', 'third']) {
      sim.step({ kind: 'visitorArrives', nickname }, 61_000);
    }
    // The list shows the newest first; the queue keeps arrival order.
    const list = sortThreads(threadsOf(sim.state));
    expect(list.map((t) => t.user.nickname)).toEqual(['third', 'second', 'first']);
    expect(overviewOf(list, sim.now).queued.map((t) => t.user.nickname)).toEqual(['first', 'second', 'third']);
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

describe('the chat pane of a historical thread (threads=<n>)', () => {
  it('shows the conversation derived for it, the same array while the world moves on', () => {
    const wb = createWorkbench(testRuntime({ query: '?threads=50' }), liveViewer);
    const historical = wb.sorted.value.at(-1);
    if (!historical) throw new Error('no threads');
    wb.open(historical.uid);
    const shown = wb.messages.value;
    expect(shown.map((m) => [m.from, m.createdAt])).toEqual([
      ['visitor', historical.createdAt],
      ['system', historical.updatedAt],
    ]);
    expect(shown[1]?.content).toBe(historical.content);
    wb.runtime.dispatch({ kind: 'visitorArrives' });
    expect(wb.messages.value).toBe(shown);
    wb.dispose();
  });
});

describe('the workbench model dispatches for the views', () => {
  it('reports a refused reply as an error toast and false', () => {
    const wb = createWorkbench(testRuntime(), liveViewer);
    expect(wb.reply('no-such-thread', 'hello')).toBe(false);
    expect(wb.toast.value?.tone).toBe('error');
    const open = wb.sorted.value.find((t) => t.status === 'CHATTING');
    if (!open) throw new Error('no CHATTING thread in the demo world');
    expect(wb.reply(open.uid, 'hello')).toBe(true);
    expect(wb.runtime.world.value.messages[open.uid]?.at(-1)).toMatchObject({ from: 'agent', content: 'hello' });
    wb.dispose();
  });

  it('owns the banner: counts what the list drew unseen, closes it, and a reset drops it', () => {
    const wb = createWorkbench(testRuntime(), liveViewer);
    const visitor = { uid: 'm1', from: 'visitor', nickname: 'v', content: '…', createdAt: '' } as const;
    expect(wb.showFresh('a', [visitor], false)).toBe(false);
    expect(wb.showFresh('a', [visitor, visitor], false)).toBe(false);
    expect(wb.banner.value).toEqual({ uid: 'a', count: 3 });
    wb.closeBanner();
    expect(wb.banner.value).toBeNull();
    wb.showFresh('a', [visitor], false);
    wb.reset(9, 'empty');
    expect(wb.banner.value).toBeNull();
    expect(wb.runtime.world.value).toMatchObject({ seed: 9, scenario: 'empty' });
    wb.runtime.stop();
    wb.dispose();
  });
});

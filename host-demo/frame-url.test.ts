import { describe, expect, it } from 'vitest';
import { resolveFrameTarget } from './frame-url';

const DEFAULT = 'http://127.0.0.1:5174/agent/chat';

describe('resolveFrameTarget', () => {
  it('uses the built-in URL without parameters', () => {
    expect(resolveFrameTarget('http://localhost:5173/', DEFAULT)).toEqual({
      ok: true,
      src: DEFAULT,
      origin: 'http://127.0.0.1:5174',
    });
  });

  it('forwards every other host parameter onto the emulator URL', () => {
    const target = resolveFrameTarget('http://localhost:5173/?scenario=busy-queue&seed=7&lang=en', DEFAULT);
    expect(target.ok && target.src).toBe(`${DEFAULT}?scenario=busy-queue&seed=7&lang=en`);
  });

  it('lets ?emulator= replace the URL, and host parameters override the ones it carries', () => {
    const emulator = encodeURIComponent('https://kefu.example.com/desktop?seed=1&lang=zh');
    const target = resolveFrameTarget(`http://localhost:5173/?emulator=${emulator}&seed=2`, DEFAULT);
    expect(target).toEqual({
      ok: true,
      src: 'https://kefu.example.com/desktop?lang=zh&seed=2',
      origin: 'https://kefu.example.com',
    });
  });

  it('keeps repeated parameters', () => {
    const target = resolveFrameTarget('http://localhost:5173/?fail=a&fail=b', DEFAULT);
    expect(target.ok && new URL(target.src).searchParams.getAll('fail')).toEqual(['a', 'b']);
  });

  it('refuses URLs that are not http(s)', () => {
    const target = resolveFrameTarget('http://localhost:5173/?emulator=javascript:alert(1)', DEFAULT);
    expect(target.ok).toBe(false);
  });
});

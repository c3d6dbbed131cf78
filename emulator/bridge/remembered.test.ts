import { describe, expect, it, vi } from 'vitest';
import { rememberedCheck } from './emit-check';

const event = (status: string, timestamp = 1) => ({
  type: 'agent_status_changed',
  data: { status, agentInfo: { status } },
  timestamp,
  source: 'bytedesk-desktop',
});

describe('rememberedCheck', () => {
  it('checks a payload once, whatever its timestamp, and each distinct payload once', () => {
    const check = vi.fn(() => null);
    const remembered = rememberedCheck(check);
    for (let i = 0; i < 100; i++) expect(remembered(event(i % 2 ? 'BUSY' : 'AVAILABLE', i))).toBeNull();
    expect(check).toHaveBeenCalledTimes(2);
  });

  it('never remembers a failure: each failing event is checked and reported again', () => {
    const check = vi.fn(() => 'agent_status_changed: data.status must be …');
    const remembered = rememberedCheck(check);
    expect(remembered(event('ONLINE'))).toBe('agent_status_changed: data.status must be …');
    expect(remembered(event('ONLINE'))).toBe('agent_status_changed: data.status must be …');
    expect(check).toHaveBeenCalledTimes(2);
  });

  it('tells payloads of different event types apart', () => {
    const check = vi.fn((e: unknown) => ((e as { type: string }).type === 'bad' ? 'bad' : null));
    const remembered = rememberedCheck(check);
    expect(remembered({ type: 'good', data: { x: 1 } })).toBeNull();
    expect(remembered({ type: 'bad', data: { x: 1 } })).toBe('bad');
  });

  it('checks without remembering what JSON cannot hold or what is too long to keep', () => {
    const check = vi.fn(() => null);
    const remembered = rememberedCheck(check);
    const big = { type: 'unread_message_count', data: { text: 'x'.repeat(20_000) } };
    remembered(big);
    remembered(big);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    remembered({ type: 't', data: cyclic });
    expect(check).toHaveBeenCalledTimes(3);
  });
});

describe('rememberedCheck: bounded memory', () => {
  /** An event whose key (`type`, a newline, the payload's JSON) is exactly `length` characters long. */
  const sized = (length: number) => {
    const overhead = 't\n{"text":""}'.length;
    return { type: 't', data: { text: 'x'.repeat(length - overhead) } };
  };

  it('remembers a payload whose key is exactly 16 KiB long, and not one a character longer', () => {
    const check = vi.fn(() => null);
    const remembered = rememberedCheck(check);
    remembered(sized(16_384));
    remembered(sized(16_384));
    expect(check).toHaveBeenCalledTimes(1);
    remembered(sized(16_385));
    remembered(sized(16_385));
    expect(check).toHaveBeenCalledTimes(3);
  });

  it('remembers 512 distinct payloads; the 513th starts afresh, so the first is checked again', () => {
    const check = vi.fn(() => null);
    const remembered = rememberedCheck(check);
    const payload = (n: number) => ({ type: 't', data: { n } });
    for (let n = 0; n < 512; n++) remembered(payload(n));
    remembered(payload(0));
    expect(check).toHaveBeenCalledTimes(512);
    remembered(payload(512));
    remembered(payload(512));
    expect(check).toHaveBeenCalledTimes(513);
    remembered(payload(0));
    expect(check).toHaveBeenCalledTimes(514);
  });
});

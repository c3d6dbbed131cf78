import { describe, expect, it } from 'vitest';
import { COMMAND_TYPES, parseCommand } from '../protocol';
import { TEMPLATES } from './templates';

const context = { threadUid: '1234567890123456' };

describe('raw composer templates', () => {
  it('has a valid template for each command', () => {
    const valid = TEMPLATES.filter((t) => t.expect === 'accepted');
    expect(valid.map((t) => t.id).sort()).toEqual([...COMMAND_TYPES].sort());
    for (const t of valid) expect(parseCommand(t.build(context))).toMatchObject({ ok: true, warnings: [] });
  });

  it('each mistake is read the way its label says', () => {
    for (const t of TEMPLATES.filter((t) => t.expect !== 'accepted')) {
      const parsed = parseCommand(t.build(context));
      if (t.expect === 'foreign') expect(parsed, t.id).toMatchObject({ ok: false, kind: 'foreign' });
      if (t.expect === 'warning') expect(parsed.ok && parsed.warnings.length, t.id).toBe(1);
      // An unknown uid is well-formed; only the emulator's world can reject it.
      if (t.expect === 'violation' && t.id !== 'mistake-unknown-thread-uid') {
        expect(parsed, t.id).toMatchObject({ ok: false, kind: 'invalid' });
      }
    }
  });

  it('produces JSON-safe messages', () => {
    for (const t of TEMPLATES) expect(JSON.parse(JSON.stringify(t.build({})))).toEqual(t.build({}));
  });
});

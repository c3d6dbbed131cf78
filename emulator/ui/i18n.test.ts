import { beforeAll, describe, expect, it } from 'vitest';
import { type Key, type Lang, loadLang, translate } from './i18n';
import { en } from './i18n-en';

/** The raw string, placeholders unfilled (the typed `translate` insists on values for them). */
const raw = translate as (lang: Lang, key: Key) => string;
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('i18n', () => {
  beforeAll(() => loadLang('en'));

  it('gives every English string the placeholders of its Chinese one', () => {
    for (const key of Object.keys(en) as Key[]) {
      expect(placeholders(raw('en', key)), key).toEqual(placeholders(raw('zh', key)));
    }
  });

  it('fills placeholders in the language asked for', () => {
    expect(translate('zh', 'sim.resetDone', { seed: 7, scenario: 'demo' })).toBe('已重置：种子 7，场景 demo');
    expect(translate('en', 'sim.resetDone', { seed: 7, scenario: 'demo' })).toBe('Reset: seed 7, scenario demo');
  });
});

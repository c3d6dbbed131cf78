import { describe, expect, it } from 'vitest';
import { cjkFontAdvice } from './cjk-fonts';

describe('cjkFontAdvice (what npm start tells a Linux user without Chinese fonts)', () => {
  it('on Linux with no Chinese font, says so and how to install one', () => {
    const advice = cjkFontAdvice('linux', '');
    expect(advice).toContain('No Chinese font is installed (`fc-list :lang=zh` lists none)');
    expect(advice).toContain('sudo apt-get install fonts-noto-cjk');
    expect(advice).toContain('?lang=en');
    expect(cjkFontAdvice('linux', '\n  \n')).toBe(advice);
  });

  it('says nothing when a Chinese font is listed, when fc-list could not run, or off Linux', () => {
    expect(cjkFontAdvice('linux', 'WenQuanYi Micro Hei,文泉驛微米黑\n')).toBeUndefined();
    expect(cjkFontAdvice('linux', undefined)).toBeUndefined();
    expect(cjkFontAdvice('darwin', '')).toBeUndefined();
    expect(cjkFontAdvice('win32', '')).toBeUndefined();
  });
});

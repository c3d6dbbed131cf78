import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../world';
import { readParams, SERVER_CALLS } from './params';

const NAMES = ['seed', 'scenario', 'autopilot', 'latency', 'fail', 'lang', 'allowOrigin', 'postOrigin', 'clock', 'now'];

/** The one problem a single bad parameter should produce. */
function onlyProblem(search: string, underTest = true): string {
  const { problems } = readParams(search, underTest);
  expect(problems).toHaveLength(1);
  return problems[0] ?? '';
}

describe('readParams: defaults', () => {
  it('an empty query gives the defaults and no problems', () => {
    expect(readParams('', true)).toEqual({
      seed: undefined,
      scenario: undefined,
      autopilot: false,
      latency: 0,
      fail: [],
      lang: 'zh',
      payload: 'vendor',
      allowOrigin: [],
      postOrigin: undefined,
      clock: 'real',
      bootDelay: 0,
      chaos: null,
      now: undefined,
      threads: undefined,
      problems: [],
    });
  });

  it('bootDelay comes from the URL or the server default, in ms; a bad one is reported and ignored', () => {
    expect(readParams('?bootDelay=2000', true).bootDelay).toBe(2000);
    expect(readParams('', true, { bootDelay: 750 }).bootDelay).toBe(750);
    expect(readParams('?bootDelay=10', true, { bootDelay: 750 }).bootDelay).toBe(10);
    expect(onlyProblem('?bootDelay=2s')).toBe(
      'bootDelay must be milliseconds, an integer from 0 to 600000; got "2s" (ignored)',
    );
    expect(readParams('?bootDelay=600001', true).bootDelay).toBe(0);
  });

  it('chaos reads drop, dup and delay; a bad part names itself and turns chaos off', () => {
    expect(readParams('?chaos=drop:0.1,dup:0.05,delay:50-400', true).chaos).toEqual({
      drop: 0.1,
      dup: 0.05,
      delay: { min: 50, max: 400 },
    });
    expect(readParams('?chaos=dup:1', true).chaos).toEqual({ drop: 0, dup: 1, delay: null });
    expect(onlyProblem('?chaos=drop:0.1,delay:400-50')).toBe(
      'chaos must be a comma-separated list of drop:<0..1>, dup:<0..1>, delay:<min>-<max> (ms); got "delay:400-50" (ignored)',
    );
    expect(readParams('?chaos=drop:1.5', true).chaos).toBeNull();
    expect(readParams('?chaos=jitter:3', true).chaos).toBeNull();
  });

  it('payload is vendor, minimal or full, from the URL or the server; anything else is named and ignored', () => {
    expect(readParams('?payload=minimal', true)).toMatchObject({ payload: 'minimal', problems: [] });
    expect(readParams('', true, { payload: 'full' })).toMatchObject({ payload: 'full', problems: [] });
    expect(readParams('?payload=vendor', true, { payload: 'full' }).payload).toBe('vendor');
    expect(readParams('?payload=thin', true)).toMatchObject({
      payload: 'vendor',
      problems: ['payload must be one of vendor, minimal, full; got "thin" (ignored)'],
    });
  });

  it('autopilot defaults to on in the sandbox and off under test', () => {
    expect(readParams('', false).autopilot).toBe(true);
    expect(readParams('', true).autopilot).toBe(false);
  });

  it('reads the query with or without the leading ?', () => {
    expect(readParams('?seed=5', true).seed).toBe(5);
    expect(readParams('seed=5', true).seed).toBe(5);
  });

  it('ignores parameters it does not know', () => {
    expect(readParams('?accessToken=abc&foo=bar', true).problems).toEqual([]);
  });
});

describe('readParams: seed', () => {
  it.each([
    ['0', 0],
    ['42', 42],
    ['007', 7],
    ['4294967295', 4294967295],
  ])('seed=%s is %d', (text, value) => {
    const params = readParams(`?seed=${text}`, true);
    expect(params.seed).toBe(value);
    expect(params.problems).toEqual([]);
  });

  it.each(['-1', '1.5', '4294967296', '9999999999', '12345678901', 'abc', '', ' 1', '1e3', '0x10'])(
    'seed=%j is ignored with a problem naming the value',
    (text) => {
      const params = readParams(`?seed=${encodeURIComponent(text)}`, true);
      expect(params.seed).toBeUndefined();
      expect(params.problems).toEqual([
        `seed must be an integer from 0 to 4294967295; got ${JSON.stringify(text)} (ignored)`,
      ]);
    },
  );
});

describe('readParams: scenario', () => {
  it.each(SCENARIOS)('scenario=%s is accepted', (name) => {
    const params = readParams(`?scenario=${name}`, true);
    expect(params.scenario).toBe(name);
    expect(params.problems).toEqual([]);
  });

  it.each(['Demo', 'busy', 'nope', ''])('scenario=%j is ignored with a problem listing the scenarios', (text) => {
    const params = readParams(`?scenario=${text}`, true);
    expect(params.scenario).toBeUndefined();
    expect(params.problems).toEqual([
      `scenario must be one of demo, empty, busy-queue, flood; got ${JSON.stringify(text)} (ignored)`,
    ]);
  });
});

describe('readParams: autopilot', () => {
  it.each([
    ['1', true],
    ['true', true],
    ['0', false],
    ['false', false],
  ])('autopilot=%s is %s whatever the default', (text, value) => {
    expect(readParams(`?autopilot=${text}`, true).autopilot).toBe(value);
    expect(readParams(`?autopilot=${text}`, false).autopilot).toBe(value);
    expect(readParams(`?autopilot=${text}`, true).problems).toEqual([]);
  });

  it.each(['yes', 'on', 'TRUE', '2', ''])('autopilot=%j keeps the default and reports it', (text) => {
    expect(readParams(`?autopilot=${text}`, true).autopilot).toBe(false);
    expect(readParams(`?autopilot=${text}`, false).autopilot).toBe(true);
    expect(onlyProblem(`?autopilot=${text}`)).toBe(`autopilot must be 0 or 1; got ${JSON.stringify(text)} (ignored)`);
  });
});

describe('readParams: latency', () => {
  it.each([
    ['0', 0],
    ['1500', 1500],
    ['999999', 999999],
  ])('latency=%s is %d ms', (text, value) => {
    const params = readParams(`?latency=${text}`, true);
    expect(params.latency).toBe(value);
    expect(params.problems).toEqual([]);
  });

  it.each(['-5', '1.5', '1000000', 'fast', '', '1e3'])('latency=%j stays 0 and is reported', (text) => {
    expect(readParams(`?latency=${text}`, true).latency).toBe(0);
    expect(onlyProblem(`?latency=${text}`)).toBe(
      `latency must be milliseconds, an integer from 0 to 999999; got ${JSON.stringify(text)} (ignored)`,
    );
  });
});

describe('readParams: fail', () => {
  it('reads a comma-separated list of server calls', () => {
    const params = readParams('?fail=status,refresh,accept,close,transfer', true);
    expect(params.fail).toEqual([...SERVER_CALLS]);
    expect(params.problems).toEqual([]);
  });

  it('skips empty items', () => {
    expect(readParams('?fail=,status,,', true)).toMatchObject({ fail: ['status'], problems: [] });
    expect(readParams('?fail=', true)).toMatchObject({ fail: [], problems: [] });
  });

  it('keeps the good items and reports each bad one', () => {
    const params = readParams('?fail=status,login,Refresh', true);
    expect(params.fail).toEqual(['status']);
    expect(params.problems).toEqual([
      `fail must be a comma-separated list of status, refresh, accept, close, transfer; got "login" (ignored)`,
      `fail must be a comma-separated list of status, refresh, accept, close, transfer; got "Refresh" (ignored)`,
    ]);
  });
});

describe('readParams: lang', () => {
  it('is zh by default and with lang=zh, en with lang=en', () => {
    expect(readParams('', true).lang).toBe('zh');
    expect(readParams('?lang=zh', true)).toMatchObject({ lang: 'zh', problems: [] });
    expect(readParams('?lang=en', true)).toMatchObject({ lang: 'en', problems: [] });
  });

  it.each(['EN', 'fr', 'zh-CN', ''])('lang=%j falls back to zh and is reported', (text) => {
    expect(readParams(`?lang=${text}`, true).lang).toBe('zh');
    expect(onlyProblem(`?lang=${text}`)).toBe(`lang must be zh or en; got ${JSON.stringify(text)} (ignored)`);
  });
});

describe('readParams: allowOrigin', () => {
  it('reads one origin, normalised to its origin form', () => {
    expect(readParams('?allowOrigin=http://localhost:5173', true).allowOrigin).toEqual(['http://localhost:5173']);
    expect(readParams('?allowOrigin=https://Host.Example:443/path?q#h', true).allowOrigin).toEqual([
      'https://host.example',
    ]);
  });

  it('reads comma lists and repeated parameters, in order', () => {
    const params = readParams(
      `?allowOrigin=${encodeURIComponent('http://a.example,https://b.example')}&allowOrigin=http://localhost:5173`,
      true,
    );
    expect(params.allowOrigin).toEqual(['http://a.example', 'https://b.example', 'http://localhost:5173']);
    expect(params.problems).toEqual([]);
  });

  it('skips empty items', () => {
    expect(readParams('?allowOrigin=&allowOrigin=,http://a.example,', true)).toMatchObject({
      allowOrigin: ['http://a.example'],
      problems: [],
    });
  });

  it.each(['localhost:5173', '*', 'null', 'file:///etc/passwd', 'ftp://x.example', 'javascript:alert(1)', 'http//x'])(
    'allowOrigin=%j is ignored and reported; the good ones stay',
    (text) => {
      const params = readParams(`?allowOrigin=${encodeURIComponent(`http://ok.example,${text}`)}`, true);
      expect(params.allowOrigin).toEqual(['http://ok.example']);
      expect(params.problems).toEqual([
        `allowOrigin must be an http(s) origin like http://localhost:5173; got ${JSON.stringify(text)} (ignored)`,
      ]);
    },
  );
});

describe('readParams: postOrigin', () => {
  it('is undefined unless given', () => {
    expect(readParams('', true).postOrigin).toBeUndefined();
  });

  it("accepts '*' only as written", () => {
    expect(readParams('?postOrigin=*', true)).toMatchObject({ postOrigin: '*', problems: [] });
  });

  it('accepts an http(s) origin, normalised', () => {
    expect(readParams('?postOrigin=http://localhost:5173/', true)).toMatchObject({
      postOrigin: 'http://localhost:5173',
      problems: [],
    });
  });

  it.each(['**', 'null', 'localhost', '', 'data:,x'])('postOrigin=%j is ignored and reported', (text) => {
    expect(readParams(`?postOrigin=${encodeURIComponent(text)}`, true).postOrigin).toBeUndefined();
    expect(onlyProblem(`?postOrigin=${encodeURIComponent(text)}`)).toBe(
      `postOrigin must be an http(s) origin or *; got ${JSON.stringify(text)} (ignored)`,
    );
  });
});

describe('readParams: clock', () => {
  it('is real by default and virtual on request', () => {
    expect(readParams('', true).clock).toBe('real');
    expect(readParams('?clock=real', true)).toMatchObject({ clock: 'real', problems: [] });
    expect(readParams('?clock=virtual', true)).toMatchObject({ clock: 'virtual', problems: [] });
  });

  it.each(['fake', 'VIRTUAL', ''])('clock=%j stays real and is reported', (text) => {
    expect(readParams(`?clock=${text}`, true).clock).toBe('real');
    expect(onlyProblem(`?clock=${text}`)).toBe(`clock must be real or virtual; got ${JSON.stringify(text)} (ignored)`);
  });
});

describe('readParams: now (where a virtual clock starts)', () => {
  it('is unset by default', () => {
    expect(readParams('?clock=virtual', true).now).toBeUndefined();
  });

  it('reads epoch ms and ISO date-times with a zone', () => {
    expect(readParams('?clock=virtual&now=1750000000000', true)).toMatchObject({ now: 1750000000000, problems: [] });
    const iso = readParams(`?clock=virtual&now=${encodeURIComponent('2025-06-01T10:00:00+08:00')}`, true);
    expect(iso).toMatchObject({ now: Date.UTC(2025, 5, 1, 2, 0, 0), problems: [] });
    expect(readParams('?clock=virtual&now=2025-06-01T02:00Z', true).now).toBe(Date.UTC(2025, 5, 1, 2, 0, 0));
  });

  it.each(['2025-06-01T10:00:00', '2025-06-01', 'yesterday', '-5', '1e12', '9999999999999999'])(
    'now=%j is refused (no zone, no time, or not a date) and reported',
    (text) => {
      const params = readParams(`?clock=virtual&now=${encodeURIComponent(text)}`, true);
      expect(params.now).toBeUndefined();
      expect(params.problems).toEqual([
        `now must be ms since 1970 or an ISO date-time with a zone, like 2025-06-01T10:00:00+08:00; got ${JSON.stringify(text)} (ignored)`,
      ]);
    },
  );

  it('is ignored and reported without clock=virtual: real time cannot start elsewhere', () => {
    expect(readParams('?now=1750000000000', true).now).toBeUndefined();
    expect(onlyProblem('?now=1750000000000')).toBe(
      'now must be used with clock=virtual; got "1750000000000" (ignored)',
    );
  });
});

describe('readParams: problems', () => {
  it('reports every bad parameter, and still applies the good ones', () => {
    const params = readParams('?seed=x&scenario=demo&latency=slow&lang=en&clock=never', true);
    expect(params).toMatchObject({ seed: undefined, scenario: 'demo', latency: 0, lang: 'en', clock: 'real' });
    expect(params.problems.map((p) => p.split(' ')[0])).toEqual(['seed', 'latency', 'clock']);
  });

  it('quotes at most 80 characters of a long bad value', () => {
    const long = 'x'.repeat(5000);
    const problem = onlyProblem(`?seed=${long}`);
    expect(problem).toBe(
      `seed must be an integer from 0 to 4294967295; got ${JSON.stringify('x'.repeat(80))} (ignored)`,
    );
  });

  it('quotes the value as JSON, so quotes and control characters cannot garble the notice', () => {
    const problem = onlyProblem(`?lang=${encodeURIComponent('"\n<b>')}`);
    expect(problem).toBe('lang must be zh or en; got "\\"\\n<b>" (ignored)');
  });
});

/** Query strings made of the known names (and some others) with arbitrary, often hostile values. */
const queryString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc
    .array(
      fc.tuple(
        fc.oneof(fc.constantFrom(...NAMES), fc.string()),
        fc.oneof(
          fc.string({ unit: 'binary' }),
          fc.constantFrom('*', '0', '1', 'http://a.example', '%', '%E0%A4%A', ',,,', '__proto__', 'status,refresh'),
          fc.webUrl(),
          fc.integer().map(String),
        ),
      ),
      { maxLength: 12 },
    )
    .chain((pairs) =>
      fc
        .boolean()
        .map((encode) =>
          pairs.map(([k, v]) => (encode ? `${encodeURIComponent(k)}=${encodeURIComponent(v)}` : `${k}=${v}`)).join('&'),
        ),
    ),
);

describe('readParams: garbage', () => {
  it('property: never throws, and every field is valid or its default', () => {
    fc.assert(
      fc.property(queryString, fc.boolean(), fc.boolean(), (search, underTest, withQuestionMark) => {
        const params = readParams(withQuestionMark ? `?${search}` : search, underTest);
        if (params.seed !== undefined) {
          expect(Number.isInteger(params.seed)).toBe(true);
          expect(params.seed).toBeGreaterThanOrEqual(0);
          expect(params.seed).toBeLessThanOrEqual(0xffffffff);
        }
        if (params.scenario !== undefined) expect(SCENARIOS).toContain(params.scenario);
        expect(typeof params.autopilot).toBe('boolean');
        expect(Number.isInteger(params.latency)).toBe(true);
        expect(params.latency).toBeGreaterThanOrEqual(0);
        expect(params.latency).toBeLessThanOrEqual(999999);
        for (const call of params.fail) expect(SERVER_CALLS).toContain(call);
        expect(['zh', 'en']).toContain(params.lang);
        expect(['real', 'virtual']).toContain(params.clock);
        for (const origin of params.allowOrigin) {
          expect(origin).toMatch(/^https?:\/\//);
          expect(new URL(origin).origin).toBe(origin);
        }
        if (params.postOrigin !== undefined && params.postOrigin !== '*') {
          expect(new URL(params.postOrigin).origin).toBe(params.postOrigin);
        }
        for (const problem of params.problems) {
          const name = problem.split(' ')[0] ?? '';
          expect(NAMES).toContain(name);
          expect(problem).toMatch(/^\S+ must be .+; got ".*" \(ignored\)$/s);
          // The quoted value is valid JSON, so it is shown exactly, never as markup.
          const quoted = problem.slice(problem.lastIndexOf('; got ') + 6, -' (ignored)'.length);
          expect(typeof JSON.parse(quoted)).toBe('string');
        }
      }),
      { numRuns: 500 },
    );
  });

  it('property: a parameter that is not reported as a problem was taken as written', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        const params = readParams(`?seed=${encodeURIComponent(value)}`, true);
        if (params.problems.length === 0) expect(String(params.seed)).toBe(String(Number(value)));
        else expect(params.seed).toBeUndefined();
      }),
    );
  });
});

describe('readParams: server defaults (agent-console-emulator serve)', () => {
  const served = {
    seed: 3,
    scenario: 'busy-queue',
    latency: 250,
    fail: ['status', 'close'],
    lang: 'en',
    allowOrigin: ['http://a.example', 'http://b.example'],
    postOrigin: 'http://a.example',
  };

  it('applies every server default when the URL says nothing', () => {
    expect(readParams('', true, served)).toMatchObject({
      seed: 3,
      scenario: 'busy-queue',
      latency: 250,
      fail: ['status', 'close'],
      lang: 'en',
      allowOrigin: ['http://a.example', 'http://b.example'],
      postOrigin: 'http://a.example',
      problems: [],
    });
  });

  it('lets the URL override seed, scenario, latency, fail, lang and postOrigin', () => {
    const params = readParams('?seed=9&scenario=empty&latency=0&fail=refresh&lang=zh&postOrigin=*', true, served);
    expect(params).toMatchObject({
      seed: 9,
      scenario: 'empty',
      latency: 0,
      fail: ['refresh'],
      lang: 'zh',
      postOrigin: '*',
      problems: [],
    });
  });

  it('an empty fail in the URL clears the server list', () => {
    expect(readParams('?fail=', true, served)).toMatchObject({ fail: [], problems: [] });
  });

  it('a bad URL value falls back to the server default, not to the built-in one', () => {
    const params = readParams('?seed=x&latency=slow', true, served);
    expect(params).toMatchObject({ seed: 3, latency: 250 });
    expect(params.problems.map((p) => p.split(' ')[0])).toEqual(['seed', 'latency']);
  });

  it('the URL may narrow a pinned allowOrigin list', () => {
    expect(readParams('?allowOrigin=http://b.example', true, served)).toMatchObject({
      allowOrigin: ['http://b.example'],
      problems: [],
    });
  });

  it('the URL cannot widen a pinned allowOrigin list: unpinned origins are dropped and reported', () => {
    const params = readParams(
      `?allowOrigin=${encodeURIComponent('http://b.example,http://evil.example')}`,
      true,
      served,
    );
    expect(params.allowOrigin).toEqual(['http://b.example']);
    expect(params.problems).toEqual([
      'allowOrigin must be one of the origins the server pinned (http://a.example, http://b.example); got "http://evil.example" (ignored)',
    ]);
  });

  it('narrowing to nothing keeps the pinned list rather than falling back to the framing parent', () => {
    const params = readParams('?allowOrigin=http://evil.example', true, served);
    expect(params.allowOrigin).toEqual(['http://a.example', 'http://b.example']);
    expect(params.problems).toHaveLength(1);
  });

  it('without a pinned list the URL allowOrigin applies as before', () => {
    const { allowOrigin: _, ...unpinned } = served;
    expect(readParams('?allowOrigin=http://c.example', true, unpinned).allowOrigin).toEqual(['http://c.example']);
  });

  it('the URL keeps sole control of autopilot and clock', () => {
    expect(readParams('?autopilot=1&clock=virtual', true, served)).toMatchObject({ autopilot: true, clock: 'virtual' });
    expect(readParams('', true, served)).toMatchObject({ autopilot: false, clock: 'real' });
  });

  it('reports a bad server default as such and ignores it', () => {
    const params = readParams('', true, {
      seed: -1,
      scenario: 'nope',
      latency: 1.5,
      fail: ['status', 'boom'],
      lang: 'fr',
      allowOrigin: ['*'],
      postOrigin: 'localhost',
    });
    expect(params).toMatchObject({
      seed: undefined,
      scenario: undefined,
      latency: 0,
      fail: ['status'],
      lang: 'zh',
      allowOrigin: [],
      postOrigin: undefined,
    });
    expect(params.problems).toEqual([
      'server default seed must be an integer from 0 to 4294967295; got "-1" (ignored)',
      'server default scenario must be one of demo, empty, busy-queue, flood; got "nope" (ignored)',
      'server default latency must be milliseconds, an integer from 0 to 999999; got "1.5" (ignored)',
      'server default fail must be a comma-separated list of status, refresh, accept, close, transfer; got "boom" (ignored)',
      'server default lang must be zh or en; got "fr" (ignored)',
      'server default allowOrigin must be an http(s) origin like http://localhost:5173; got "*" (ignored)',
      'server default postOrigin must be an http(s) origin or *; got "localhost" (ignored)',
    ]);
  });

  it.each([null, 5, 'seed=3'])('treats a config of %j as no defaults, without throwing', (config) => {
    expect(readParams('', true, config as never)).toEqual(readParams('', true));
  });
});

describe('comma lists tolerate spaces', () => {
  it('reads "status, refresh" as two calls, without a problem', () => {
    const params = readParams('?fail=status,%20refresh&allowOrigin=http://a.example,%20http://b.example', false);
    expect(params.fail).toEqual(['status', 'refresh']);
    expect(params.allowOrigin).toEqual(['http://a.example', 'http://b.example']);
    expect(params.problems).toEqual([]);
  });
});

describe('readParams: world', () => {
  it('names the world on the server; without it the page uses the agent’s own', () => {
    expect(readParams('?world=t-1a2b_c.d@e', true).world).toBe('t-1a2b_c.d@e');
    expect(readParams('', true).world).toBeUndefined();
  });

  it.each(['', '..', '.hidden', 'a/b', 'a b', 'x'.repeat(129)])('ignores %j, saying what a name is', (name) => {
    const params = readParams(`?world=${encodeURIComponent(name)}`, true);
    expect(params.world).toBeUndefined();
    expect(params.problems).toEqual([
      `world must be a name of letters, digits and ._@+- (at most 128, not starting with a dot); got ${JSON.stringify(name.slice(0, 80))} (ignored)`,
    ]);
  });
});

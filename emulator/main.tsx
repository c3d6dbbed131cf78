import { signal } from '@preact/signals';
import { render } from 'preact';
import { KEPT_READS } from '../common/control-wire';
import { performLogin } from './auth/login';
import { installBridge } from './bridge/bridge';
import { listenEarly } from './bridge/early';
import { isFramed, parentOrigin } from './bridge/framing';
import { originPolicy } from './bridge/origins';
import { realClock, virtualClock } from './simulator/clock';
import { readParams, type ServerDefaults } from './simulator/params';
import { type DecodeWorld, hasSavedWorld } from './simulator/persist-store';
import { Runtime } from './simulator/runtime';
import { createTestApi, type EmulatorTestApi } from './simulator/testApi';
import { openBrowserStorage, type WorldStore } from './simulator/world-storage';
import { App } from './ui/App';
import { loadConversation } from './ui/ChatPane';
import { ErrorBoundary } from './ui/ErrorBoundary';
import { afterFirstPaint, renderOncePerFrame } from './ui/frame-batch';
import { loadLang, setLang, t } from './ui/i18n';

declare global {
  interface Window {
    emulator: EmulatorTestApi;
    /** Set by a server that serves the built emulator (e.g. a configured JWT secret). */
    __EMULATOR_CONFIG__?: ServerDefaults & { jwtSecret?: string; control?: boolean };
  }
}

/** The vendor's demo admin keeps its vendor nickname; anyone else is called by their username. */
const nicknameOf = (username: string) =>
  username === 'admin@email.com' ? 'SuperAdmin' : username.split('@')[0] || username;

/**
 * A saved world must be validated before it is resumed, and validating needs the protocol's schemas (zod); a
 * first visit has nothing to validate, so it paints without loading them. Should a save appear in between
 * (another tab), it is not trusted: a fresh world starts.
 */
async function decoderFor(store: WorldStore | null): Promise<DecodeWorld> {
  if (!hasSavedWorld(store)) return () => ({ state: null });
  return (await import('./simulator/persist')).decodeWorld;
}

/**
 * docs/protocol.md §11: the console listens from the first moment of its document, so that every command that arrives
 * before it is ready can be logged as early (the real console would not have heard it).
 */
const inbox = isFramed() ? listenEarly(window) : undefined;
/**
 * The bridge's schemas (zod), fetched from the start in parallel with the boot and outside the initial bundle. The
 * initial sync does not wait for them: it is posted at once and checked when they arrive (bridge.ts `unchecked`;
 * bench/: ready).
 */
const validation = inbox ? import('../protocol/parse') : undefined;
/**
 * The HTTP control API (/__emulator/) exists on the dev server and on servers that say so; nowhere else. There
 * the server keeps the world (control/kept-world.ts), whatever the browser lets a cross-site frame store;
 * elsewhere browser storage is the fallback (world-storage.ts), and a world it cannot keep is said to be lost on
 * reload. Its client is fetched from the start, in parallel with the login, and only where it is needed.
 */
const served = import.meta.env.DEV || window.__EMULATOR_CONFIG__?.control === true;
const keeper = served ? import('./control/kept-world') : undefined;

/** Resolves once the console may be ready: `bootDelay` ms after its document started, and after its `load`. */
async function readyTime(bootDelay: number): Promise<void> {
  const wait = performance.timeOrigin + bootDelay - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  // After the document's load event, so that the host sees the frame's `load` before the first event: the host
  // client (protocol/client.ts) takes the first event after a load as the console's initial sync.
  if (document.readyState !== 'complete')
    await new Promise((resolve) => addEventListener('load', resolve, { once: true }));
}

async function boot(root: HTMLElement): Promise<void> {
  performance.mark('emulator:boot');
  // Denied storage (a cross-site frame with third-party cookies blocked) is said, not read as "nothing saved".
  const browserStorage = openBrowserStorage(() => window.localStorage);
  // The dev server injects its config into the page too (server/control-plugin.ts): no module carries the secret.
  const secret = window.__EMULATOR_CONFIG__?.jwtSecret || undefined;
  // Login first: it strips the token from the address bar before anything else reads the URL.
  // The token is kept where the vendor keeps it, in the page's localStorage, wherever the world is kept.
  const login = await performLogin({ location, history, storage: browserStorage.store, now: Date.now(), secret });
  const params = readParams(location.search, navigator.webdriver === true, window.__EMULATOR_CONFIG__);
  if (login.kind === 'error') {
    // The error screen and the control client are loaded only when needed, outside the initial bundle.
    const [{ LoginErrorScreen }] = await Promise.all([import('./auth/ErrorScreen'), loadLang(params.lang)]);
    render(
      <LoginErrorScreen
        problem={login.problem}
        message={login.message}
        lang={params.lang}
        expiredAt={login.expiredAt}
        continueHref={login.demoUrl}
      />,
      root,
    );
    return;
  }
  const framed = isFramed();
  const parent = framed ? parentOrigin() : null;
  const keptWorld = await keeper;
  const world = params.world ?? keptWorld?.defaultWorldName(login.username) ?? '';
  let api: EmulatorTestApi | undefined;
  const kept = keptWorld
    ? await keptWorld.keptWorldStore({
        world,
        reads: () => (api ? Object.fromEntries(KEPT_READS.map((read) => [read, api?.[read]()])) : {}),
      })
    : null;
  const { store, keeping } = kept
    ? { store: kept, keeping: { kept: true as const, where: `the server that serves this page (world ${world})` } }
    : browserStorage;
  const [decode] = await Promise.all([decoderFor(store), loadLang(params.lang)]);
  setLang(params.lang);
  const clock = params.clock === 'virtual' ? virtualClock(params.now ?? Date.now()) : realClock();
  const runtime = new Runtime({
    params,
    clock,
    storage: store,
    keeping,
    assetBase: `${location.origin}/avatars/`,
    login: { email: login.username, nickname: nicknameOf(login.username) },
    decode,
  });
  // Boot phases for profilers and the bench (User Timing marks cost microseconds).
  performance.mark('emulator:world');
  if (login.source === 'demo') {
    runtime.notices.value = [
      ...runtime.notices.peek(),
      `Logged in as the demo agent (${login.username}); open with ?accessToken=… to log in as someone else.`,
    ];
  }
  if (login.notice) runtime.notices.value = [...runtime.notices.peek(), login.notice];

  const policy = originPolicy({
    parent,
    allow: params.allowOrigin,
    postOrigin: params.postOrigin,
  });
  // The inspector's framing line: it changes when the parent's origin is learnt or events are withheld.
  const framing = signal(policy.summary);
  const onStatus = (line: string) => {
    framing.value = line;
  };
  runtime.noteBoot({ documentStart: Math.round(performance.timeOrigin) });
  // Unframed, the console is a plain app and posts nothing (docs/protocol.md §1).
  if (framed) installBridge({ runtime, policy, win: window, onStatus, inbox, validation });
  // Until ready the vendor-like loading screen of index.html stays; commands are logged early, nothing is emitted.
  await readyTime(params.bootDelay);
  performance.mark('emulator:ready');
  // The test API appears when the console is ready (test tools that wait for it wait for the console), and before
  // the first event, so a tool that waits for that event finds it too.
  const ready = createTestApi(runtime, framed);
  api = ready;
  window.emulator = ready;
  addEventListener('pagehide', () => runtime.flush());

  // The initial sync goes out before the first render (the host can talk to the console while it paints), and
  // before the schemas that check it have loaded (bridge.ts `unchecked`).
  runtime.start();
  if (served) {
    // After the first paint: opening sessionStorage for the page id can take ~100 ms in Chromium.
    afterFirstPaint(() =>
      import('./control/connect').then(({ connectControl }) =>
        connectControl(ready, { url: location.href, world, parent: parent ?? '' }),
      ),
    );
  }
  // Lets the task end (docs/protocol.md §3: the initial sync is posted then), and lets the message leave the process:
  // Chromium sends a frame's postMessage to another site when the posting task yields, so a render in the same task
  // would hold it back by the render's length (bench/: ready).
  await new Promise((resolve) => setTimeout(resolve, 0));
  performance.mark('emulator:started');

  // A storm of host messages must not render the workbench once per message (bench/: command storm).
  renderOncePerFrame();
  render(
    <ErrorBoundary runtime={runtime}>
      <App runtime={runtime} framed={framed} policy={framed ? framing : null} />
    </ErrorBoundary>,
    root,
  );
  performance.mark('emulator:render');
  // An open conversation's code, in its own chunk: fetched now, so that opening one does not wait for it.
  afterFirstPaint(() => void loadConversation());
}

const root = document.getElementById('app')!;
boot(root).catch((error: unknown) => {
  // Whatever fails before the workbench is up, the frame says so instead of staying blank.
  console.error(error);
  render(
    <div data-testid="boot-error" role="alert" style={{ padding: '24px', font: '14px system-ui, sans-serif' }}>
      <h1 style={{ fontSize: '18px' }}>{t('boot.title')}</h1>
      <pre style={{ whiteSpace: 'pre-wrap' }}>{error instanceof Error ? error.message : String(error)}</pre>
      <p>
        <a href="/agent/chat">{t('boot.again')}</a>
      </p>
    </div>,
    root,
  );
});

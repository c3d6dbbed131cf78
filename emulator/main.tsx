import { render } from 'preact';
import { performLogin } from './auth/login';
import { installBridge } from './bridge/bridge';
import { isFramed, parentOrigin } from './bridge/framing';
import { originPolicy } from './bridge/origins';
import { defaultWorldName, keptWorldStorage } from './control/kept-world';
import { KEPT_READS } from './control/wire';
import { realClock, virtualClock } from './simulator/clock';
import { readParams, type ServerDefaults } from './simulator/params';
import { type DecodeWorld, hasSavedWorld, type WorldStorage } from './simulator/persist-store';
import { Runtime } from './simulator/runtime';
import { createTestApi, type EmulatorTestApi } from './simulator/testApi';
import { App } from './ui/App';
import { ErrorBoundary } from './ui/ErrorBoundary';
import { afterFirstPaint, renderOncePerFrame } from './ui/frame-batch';
import { loadLang } from './ui/i18n';

declare global {
  interface Window {
    emulator: EmulatorTestApi;
    /** Set by a server that serves the built emulator (e.g. a configured JWT secret). */
    __EMULATOR_CONFIG__?: ServerDefaults & { jwtSecret?: string; control?: boolean };
  }
}

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
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
async function decoderFor(store: WorldStorage | null): Promise<DecodeWorld> {
  if (!hasSavedWorld(store)) return () => ({ state: null });
  return (await import('./simulator/persist')).decodeWorld;
}

async function boot(root: HTMLElement): Promise<void> {
  performance.mark('emulator:boot');
  const store = storage();
  // The dev server injects its config into the page too (scripts/control-plugin.ts): no module carries the secret.
  const secret = window.__EMULATOR_CONFIG__?.jwtSecret || undefined;
  // Login first: it strips the token from the address bar before anything else reads the URL.
  const login = await performLogin({ location, history, storage: store, now: Date.now(), secret });
  const params = readParams(location.search, navigator.webdriver === true, window.__EMULATOR_CONFIG__);
  if (login.kind === 'error') {
    // The error screen and the control client are loaded only when needed, outside the initial bundle.
    const { LoginErrorScreen } = await import('./auth/ErrorScreen');
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
  // The HTTP control API (/__emulator/) exists on the dev server and on servers that say so; nowhere else. There
  // the server keeps the world, whatever the browser lets a cross-site frame store.
  const served = import.meta.env.DEV || window.__EMULATOR_CONFIG__?.control === true;
  const world = params.world ?? defaultWorldName(login.username);
  let api: EmulatorTestApi | undefined;
  const kept = served
    ? await keptWorldStorage({
        world,
        reads: () => (api ? Object.fromEntries(KEPT_READS.map((read) => [read, api?.[read]()])) : {}),
      })
    : null;
  const worldStore = kept ?? store;
  const [decode] = await Promise.all([decoderFor(worldStore), loadLang(params.lang)]);
  const clock = params.clock === 'virtual' ? virtualClock(params.now ?? Date.now()) : realClock();
  const runtime = new Runtime({
    params,
    clock,
    storage: worldStore,
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
  // Unframed, the console is a plain app and posts nothing (protocol.md §1).
  if (framed) installBridge({ runtime, policy, win: window });
  api = createTestApi(runtime, framed);
  window.emulator = api;
  if (served) {
    const testApi = api;
    // After the first paint: opening sessionStorage for the page id can take ~100 ms in Chromium.
    afterFirstPaint(() =>
      import('./control/connect').then(({ connectControl }) =>
        connectControl(testApi, { url: location.href, world, parent: parent ?? '' }),
      ),
    );
  }
  addEventListener('pagehide', () => runtime.flush());

  // A storm of host messages must not render the workbench once per message (bench/: command storm).
  renderOncePerFrame();
  render(
    <ErrorBoundary runtime={runtime}>
      <App runtime={runtime} framed={framed} policy={framed ? policy.summary : null} />
    </ErrorBoundary>,
    root,
  );
  performance.mark('emulator:render');
  runtime.start();
  performance.mark('emulator:started');
}

const root = document.getElementById('app')!;
boot(root).catch((error: unknown) => {
  // Whatever fails before the workbench is up, the frame says so instead of staying blank.
  console.error(error);
  render(
    <div data-testid="boot-error" role="alert" style={{ padding: '24px', font: '14px system-ui, sans-serif' }}>
      <h1 style={{ fontSize: '18px' }}>The agent console emulator could not start</h1>
      <pre style={{ whiteSpace: 'pre-wrap' }}>{error instanceof Error ? error.message : String(error)}</pre>
      <p>
        <a href="/agent/chat">Open the workbench again</a>
      </p>
    </div>,
    root,
  );
});

import { render } from 'preact';
import { LoginErrorScreen } from './auth/ErrorScreen';
import { performLogin } from './auth/login';
import { installBridge } from './bridge/bridge';
import { isFramed, parentOrigin } from './bridge/framing';
import { originPolicy } from './bridge/origins';
import { realClock, virtualClock } from './simulator/clock';
import { readParams } from './simulator/params';
import { Runtime } from './simulator/runtime';
import { createTestApi, type EmulatorTestApi } from './simulator/testApi';
import { App } from './ui/App';

declare global {
  interface Window {
    emulator: EmulatorTestApi;
    /** Set by a server that serves the built emulator (e.g. a configured JWT secret). */
    __EMULATOR_CONFIG__?: { jwtSecret?: string };
  }
}
declare const __EMULATOR_JWT_SECRET__: string;

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

async function boot(root: HTMLElement): Promise<void> {
  const store = storage();
  const secret = window.__EMULATOR_CONFIG__?.jwtSecret || __EMULATOR_JWT_SECRET__ || undefined;
  // Login first: it strips the token from the address bar before anything else reads the URL.
  const login = await performLogin({ location, history, storage: store, now: Date.now(), secret });
  const params = readParams(location.search, navigator.webdriver === true);
  if (login.kind === 'error') {
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
  const clock = params.clock === 'virtual' ? virtualClock(Date.now()) : realClock();
  const runtime = new Runtime({
    params,
    clock,
    storage: store,
    assetBase: `${location.origin}/avatars/`,
    login: { email: login.username, nickname: nicknameOf(login.username) },
  });
  if (login.source === 'demo') {
    runtime.notices.value = [
      ...runtime.notices.peek(),
      `Logged in as the demo agent (${login.username}); open with ?accessToken=… to log in as someone else.`,
    ];
  }
  if (login.notice) runtime.notices.value = [...runtime.notices.peek(), login.notice];

  const framed = isFramed();
  const policy = originPolicy({
    parent: framed ? parentOrigin() : null,
    allow: params.allowOrigin,
    postOrigin: params.postOrigin,
  });
  // Unframed, the console is a plain app and posts nothing (protocol.md §1).
  if (framed) installBridge({ runtime, policy, win: window });
  window.emulator = createTestApi(runtime, framed);
  addEventListener('pagehide', () => runtime.flush());

  render(<App runtime={runtime} framed={framed} policy={framed ? policy.summary : null} />, root);
  runtime.start();
}

void boot(document.getElementById('app')!);

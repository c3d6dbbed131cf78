import { render } from 'preact';
import { App } from './App';
import { resolveFrameTarget } from './frame-url';
import { type LogEntry, log } from './log';
import { agentStatus, currentClient, unreadThreads, unreadTotal } from './session';

/** For tests and the devtools console: read-only views of what the page shows. */
interface HostDemoApi {
  readonly log: LogEntry[];
  readonly client: ReturnType<typeof currentClient>;
  readonly frameSrc: string | null;
  state(): { agentStatus: string; unreadTotal: number | null; unreadThreadUids: string[] };
}

declare global {
  interface Window {
    hostDemo: HostDemoApi;
  }
}

const target = resolveFrameTarget(location.href, __EMULATOR_URL__);

window.hostDemo = {
  get log() {
    return log.value;
  },
  get client() {
    return currentClient();
  },
  frameSrc: target.ok ? target.src : null,
  state: () => ({
    agentStatus: agentStatus.value,
    unreadTotal: unreadTotal.value,
    unreadThreadUids: unreadThreads.value.map((t) => t.uid),
  }),
};

render(<App target={target} />, document.getElementById('app')!);

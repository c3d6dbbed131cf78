import { CommandPanel } from './CommandPanel';
import { ConsolePanel } from './ConsolePanel';
import { EventLog } from './EventLog';
import { FramePanel } from './FramePanel';
import type { FrameTarget } from './frame-url';
import { RawComposer } from './RawComposer';

export function App({ target }: { target: FrameTarget }) {
  return (
    <main>
      <header>
        <h1>Host demo — the sandbox for the agent console protocol</h1>
        <p class="muted small">
          This page frames the agent console from another site and talks to it only through the typed host client (
          <span class="mono">connectAgentConsole</span>). Query parameters other than <span class="mono">emulator</span>{' '}
          are forwarded to the emulator.
        </p>
      </header>
      <div class="layout">
        <div class="left">
          {target.ok ? (
            <FramePanel src={target.src} origin={target.origin} />
          ) : (
            <section class="panel">
              <p class="error" data-testid="emulator-url-error">
                Cannot frame the emulator: {target.error}
              </p>
            </section>
          )}
          <EventLog />
        </div>
        <aside class="right">
          <ConsolePanel />
          <CommandPanel />
          <RawComposer />
        </aside>
      </div>
    </main>
  );
}

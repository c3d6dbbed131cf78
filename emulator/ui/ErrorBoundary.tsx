/**
 * A render error must not leave a blank frame (issue 6): the workbench is replaced by a panel that says what
 * broke and offers a way back. The runtime and the bridge live outside the UI, so the host keeps being
 * answered while the panel shows.
 */
import { Component, type ComponentChildren } from 'preact';
import type { Runtime } from '../simulator/runtime';
import { t } from './i18n';

declare global {
  interface Window {
    /**
     * Dev-server only (dropped from production builds): e2e sets `renderCrash` to make the workbench's next
     * render after a world change throw, since no real data can make it throw by design.
     */
    __EMULATOR_TEST_HOOKS__?: { renderCrash?: boolean };
  }
}

/** Subscribes to the world, so that with the dev hook set the next world change throws inside the boundary. */
function TestCrashProbe({ runtime }: { runtime: Runtime }) {
  void runtime.world.value;
  if (import.meta.env.DEV && window.__EMULATOR_TEST_HOOKS__?.renderCrash) {
    throw new Error('render crash requested by window.__EMULATOR_TEST_HOOKS__ (dev server only)');
  }
  return null;
}

interface Props {
  runtime: Runtime;
  children: ComponentChildren;
}

export class ErrorBoundary extends Component<Props, { error: Error | null }> {
  override state = { error: null as Error | null };

  static override getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: unknown) {
    console.error('agent-console-emulator: the workbench failed to render', error);
  }

  private retry = () => this.setState({ error: null });

  private reset = () => {
    this.props.runtime.reset();
    this.retry();
  };

  override render() {
    const { runtime, children } = this.props;
    const { error } = this.state;
    if (!error) {
      return (
        <>
          {import.meta.env.DEV && <TestCrashProbe runtime={runtime} />}
          {children}
        </>
      );
    }
    return (
      <div
        data-testid="render-error"
        role="alert"
        style={{ maxWidth: '560px', margin: '48px auto', padding: '24px', fontFamily: 'system-ui, sans-serif' }}
      >
        <h1 style={{ fontSize: '18px', margin: '0 0 8px' }}>{t('renderError.title')}</h1>
        <p style={{ color: '#595959', margin: '0 0 12px' }}>{t('renderError.hint')}</p>
        <pre
          data-testid="render-error-message"
          style={{ whiteSpace: 'pre-wrap', background: '#fff1f0', padding: '8px', margin: '0 0 16px' }}
        >
          {error.message}
        </pre>
        <button type="button" data-testid="render-error-retry" onClick={this.retry} style={{ marginRight: '8px' }}>
          {t('renderError.retry')}
        </button>
        <button type="button" data-testid="render-error-reset" onClick={this.reset}>
          {t('renderError.reset')}
        </button>
      </div>
    );
  }
}

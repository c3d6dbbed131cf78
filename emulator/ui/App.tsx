import './styles.css';
import type { ReadonlySignal } from '@preact/signals';
import { useEffect, useState } from 'preact/hooks';
import type { Runtime } from '../simulator/runtime';
import { ChatPane } from './ChatPane';
import type { EmulatorPanelsProps } from './EmulatorPanels';
import { t } from './i18n';
import { Icon } from './icons';
import { lazyComponent } from './lazy';
import { createWorkbench } from './model';
import { Categories, NavRail } from './Sidebar';
import { StatusBar } from './StatusBar';
import { ThreadList } from './ThreadList';
import { Notices, Toast } from './Toast';

export interface AppProps {
  runtime: Runtime;
  /** Whether the console runs inside a host's iframe (the bridge is installed only then). */
  framed: boolean;
  /** The origin policy's one-line summary, live (the parent's origin may be learnt); null when not framed. */
  policy: ReadonlySignal<string> | null;
}

/**
 * The emulated agent workbench (客服端), modelled on the vendor's screenshots: icon rail, categories, the
 * conversation list, the chat pane and the status bar; plus the emulator-only inspector and simulator
 * controls, in a right column on wide screens and in a drawer on narrow ones (an 800×600 iframe).
 */
export function App({ runtime, framed, policy }: AppProps) {
  const [wb] = useState(() => createWorkbench(runtime));
  useEffect(() => {
    document.documentElement.lang = runtime.options.params.lang === 'en' ? 'en' : 'zh-CN';
    return () => wb.dispose();
  }, [runtime, wb]);

  const drawerOpen = wb.drawerOpen.value;
  const closeDrawer = () => {
    wb.drawerOpen.value = false;
  };
  return (
    <div class="workbench">
      <Notices runtime={runtime} />
      <div class="workbench-main">
        <NavRail wb={wb} />
        <Categories wb={wb} />
        <ThreadList wb={wb} />
        <ChatPane wb={wb} />
        {drawerOpen && <div class="drawer-mask" onClick={closeDrawer} />}
        <aside class={drawerOpen ? 'emulator-side open' : 'emulator-side'} aria-label="emulator">
          <div class="drawer-head emulator-stripes">
            <span>{t('bar.emulatorToggle')}</span>
            <button type="button" class="drawer-close" aria-label={t('emu.close')} onClick={closeDrawer}>
              <Icon name="close" size={14} />
            </button>
          </div>
          <LazyEmulatorPanels wb={wb} runtime={runtime} framed={framed} policy={policy} />
        </aside>
      </div>
      <StatusBar wb={wb} />
      <Toast wb={wb} />
    </div>
  );
}

const LazyEmulatorPanels = lazyComponent<EmulatorPanelsProps>(
  async () => (await import('./EmulatorPanels')).EmulatorPanels,
);

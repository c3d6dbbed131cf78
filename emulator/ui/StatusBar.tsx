import { t } from './i18n';
import { Icon } from './icons';
import type { Workbench } from './model';

/** The bottom bar: `今日: N | 排队: N | 接待: N`, and (narrow screens) the emulator panels' toggle. */
export function StatusBar({ wb }: { wb: Workbench }) {
  const stats = wb.stats.value;
  const drawerOpen = wb.drawerOpen.value;
  // Narrow screens hide the rail and its avatar menu: 退出登录 still names who would be logged out.
  const { nickname, email } = wb.world.value.agent;
  return (
    <footer class="status-bar">
      <span
        class="status-bar-logout"
        data-testid="status-bar-logout"
        title={`${nickname} (${email}) · ${t('nav.decorative')}`}
      >
        {t('bar.logout')}
      </span>
      <span data-testid="status-bar">
        {t('bar.stats', { today: stats.today, queue: stats.queue, chatting: stats.chatting })}
      </span>
      <button
        type="button"
        class="status-bar-refresh"
        title={t('bar.refresh')}
        aria-label={t('bar.refresh')}
        onClick={() => void wb.runtime.call('refresh', { kind: 'sync' })}
      >
        <Icon name="refresh" size={13} />
      </button>
      <span class="status-bar-spacer" />
      <button
        type="button"
        class="emulator-toggle emulator-stripes"
        data-testid="emulator-toggle"
        aria-expanded={drawerOpen}
        onClick={() => {
          wb.drawerOpen.value = !drawerOpen;
        }}
      >
        <Icon name="flask" size={13} />
        {t('bar.emulatorToggle')}
      </button>
      <span class="status-bar-version">
        <span class="ok-dot">✓</span> v1.5.4 · {t('bar.version')}
      </span>
    </footer>
  );
}

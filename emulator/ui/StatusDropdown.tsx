import { useRef, useState } from 'preact/hooks';
import { WORKBENCH_STATUSES } from '../world/types';
import { t } from './i18n';
import { Icon } from './icons';
import type { Workbench } from './model';
import { useDismiss } from './useDismiss';

/**
 * `😀接待 ⌄`: a button (`status-dropdown`) opening a menu of `status-option-<STATUS>` items. Picking one goes
 * through the simulated server (`runtime.setStatus`); the label changes only once the server said yes.
 */
export function StatusDropdown({ wb }: { wb: Workbench }) {
  const status = wb.world.value.agent.status;
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);

  useDismiss(open, () => setOpen(false), root);

  return (
    <div class="status-dropdown" ref={root}>
      <button
        type="button"
        class="status-trigger"
        data-testid="status-dropdown"
        data-status={status}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={t('status.label')}
        onClick={() => setOpen(!open)}
      >
        <span>{t(`status.${status}`)}</span>
        <Icon name="chevronDown" size={14} />
      </button>
      {open && (
        <div class="status-menu" role="menu">
          {WORKBENCH_STATUSES.map((option) => (
            <button
              key={option}
              type="button"
              role="menuitemradio"
              aria-checked={option === status}
              class={option === status ? 'status-option current' : 'status-option'}
              data-testid={`status-option-${option}`}
              onClick={() => {
                setOpen(false);
                void wb.runtime.setStatus(option);
              }}
            >
              {t(`status.${option}`)}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

import { useSignal } from '@preact/signals';
import { useEffect, useState } from 'preact/hooks';
import type { Runtime } from '../simulator/runtime';
import { t } from './i18n';
import { Icon } from './icons';
import type { Workbench } from './model';

const TOAST_MS = 2000;

/** The vendor's message toasts (antd style, top centre); each hides after 2 s, a newer one replaces it. */
export function Toast({ wb }: { wb: Workbench }) {
  const toast = wb.toast.value;
  const [hidden, setHidden] = useState<number | null>(null);
  const id = toast?.id;
  useEffect(() => {
    if (id === undefined) return;
    // Real time on purpose: a toast is UI chrome, not part of the simulated (possibly virtual) world.
    const timer = setTimeout(() => setHidden(id), TOAST_MS);
    return () => clearTimeout(timer);
  }, [id]);
  if (!toast || hidden === toast.id) return null;
  return (
    <div class="toast-layer">
      <div class={`toast toast-${toast.tone}`} role="status">
        <span class="toast-mark" aria-hidden="true" />
        <span data-testid="toast" data-tone={toast.tone}>
          {toast.text}
        </span>
      </div>
    </div>
  );
}

/** Parameter problems and storage trouble, each dismissible (dismissed ones stay hidden). */
export function Notices({ runtime }: { runtime: Runtime }) {
  const dismissed = useSignal<ReadonlySet<string>>(new Set());
  const shown = runtime.notices.value.filter((notice) => !dismissed.value.has(notice));
  if (shown.length === 0) return null;
  return (
    <div class="notices">
      {shown.map((notice) => (
        <div class="notice" data-testid="notice" key={notice} role="alert">
          <span class="notice-mark" aria-hidden="true" />
          <span class="notice-text">{notice}</span>
          <button
            type="button"
            class="notice-dismiss"
            data-testid="notice-dismiss"
            aria-label={t('notice.dismiss')}
            onClick={() => {
              dismissed.value = new Set([...dismissed.value, notice]);
            }}
          >
            <Icon name="close" size={14} />
          </button>
        </div>
      ))}
    </div>
  );
}

import { useEffect, useRef } from 'preact/hooks';
import { t } from './i18n';
import { useEscape } from './useDismiss';

/** 结束会话's confirmation: Escape or a click on the mask cancels; the confirm button has the focus. */
export function EndDialog({ onCancel, onConfirm }: { onCancel: () => void; onConfirm: () => void }) {
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    confirm.current?.focus();
  }, []);
  useEscape(true, onCancel);
  return (
    <div class="modal-mask" onClick={(event) => event.target === event.currentTarget && onCancel()}>
      <div class="modal" role="alertdialog" aria-modal="true" aria-labelledby="end-title" data-testid="end-dialog">
        <div class="modal-title" id="end-title">
          <span class="modal-icon">!</span>
          {t('end.title')}
        </div>
        <div class="modal-body">{t('end.body')}</div>
        <div class="modal-footer">
          <button type="button" class="btn" data-testid="cancel-end" onClick={onCancel}>
            {t('end.cancel')}
          </button>
          <button type="button" class="btn-primary danger" data-testid="confirm-end" ref={confirm} onClick={onConfirm}>
            {t('end.confirm')}
          </button>
        </div>
      </div>
    </div>
  );
}

import { useTranslation } from 'react-i18next';
import { dismissToast, useToasts } from '../stores/toasts';

/** Errors and confirmations, stacked in the corner, each dismissable. */
export function Toasts() {
  const { t } = useTranslation();
  const toasts = useToasts((state) => state.toasts);
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((toast) => (
        <div key={toast.id} className={`toast ${toast.kind}`} role={toast.kind === 'error' ? 'alert' : 'status'} data-testid="toast" data-kind={toast.kind}>
          {toast.href ? (
            <a className="toast-message toast-link" href={toast.href} onClick={() => dismissToast(toast.id)}>
              {toast.message}
            </a>
          ) : (
            <span className="toast-message">
              {toast.message}
              {toast.repeats > 1 && <span className="toast-repeats"> ×{toast.repeats}</span>}
            </span>
          )}
          <button type="button" className="toast-close" aria-label={t('common.dismiss')} onClick={() => dismissToast(toast.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}

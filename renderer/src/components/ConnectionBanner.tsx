import { useTranslation } from 'react-i18next';
import type { ConnectionStatus } from '../api/connection';

/** A thin banner while the headless connection is being made or remade. */
export function ConnectionBanner({ status }: { status: ConnectionStatus }) {
  const { t } = useTranslation();
  if (status !== 'connecting' && status !== 'reconnecting') return null;
  return (
    <div className={`connection-banner ${status}`} role="status" data-testid="connection-banner">
      <span className="spinner" aria-hidden="true" />
      {status === 'connecting' ? t('connection.connecting') : t('connection.reconnecting')}
    </div>
  );
}

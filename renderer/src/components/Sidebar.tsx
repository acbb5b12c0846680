import { useTranslation } from 'react-i18next';
import type { Route } from '../router/routes';
import { usePendingApprovals } from '../stores/approvals';
import { Preferences } from './Preferences';

/** The left navigation: the product name, its screens, and the language and theme switches. */
export function Sidebar({ route }: { route: Route }) {
  const { t } = useTranslation();
  const onJobs = route.screen === 'jobs' || route.screen === 'job';
  const onBots = route.screen === 'bots' || route.screen === 'runBot';
  const onApprovals = route.screen === 'approvals' || route.screen === 'approval';
  const pendingCount = usePendingApprovals((state) => state.pendingCount);
  return (
    <nav className="sidebar" aria-label={t('nav.label')}>
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">R</span>
        {t('app.name')}
      </div>
      <a href="#/jobs" data-testid="nav-jobs" className={onJobs ? 'nav-link active' : 'nav-link'} aria-current={onJobs ? 'page' : undefined}>
        {t('nav.jobs')}
      </a>
      <a href="#/bots" data-testid="nav-bots" className={onBots ? 'nav-link active' : 'nav-link'} aria-current={onBots ? 'page' : undefined}>
        {t('nav.bots')}
      </a>
      <a href="#/schedules" data-testid="nav-schedules" className={route.screen === 'schedules' ? 'nav-link active' : 'nav-link'} aria-current={route.screen === 'schedules' ? 'page' : undefined}>
        {t('nav.schedules')}
      </a>
      <a href="#/approvals" data-testid="nav-approvals" className={onApprovals ? 'nav-link with-badge active' : 'nav-link with-badge'} aria-current={onApprovals ? 'page' : undefined}>
        {t('nav.approvals')}
        {pendingCount > 0 && (
          <span className="nav-badge" data-testid="approvals-badge" aria-label={t('nav.pending', { count: pendingCount })}>
            {pendingCount}
          </span>
        )}
      </a>
      <Preferences />
    </nav>
  );
}

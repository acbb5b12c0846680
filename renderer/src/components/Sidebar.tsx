import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Permission } from '../../../electron/common/permissions';
import { routePermission, type Route } from '../router/routes';
import { usePendingApprovals } from '../queries/approvals';
import { useSession } from '../stores/session';
import { Preferences } from './Preferences';
import { SidebarUser } from './SidebarUser';

/** The left navigation: the product name, the screens the user may use, who is signed in, and the language and theme switches. */
export function Sidebar({ route }: { route: Route }) {
  const { t } = useTranslation();
  const permissions = useSession((state) => state.user?.permissions);
  const may = (permission: Permission) => permissions?.includes(permission) ?? false;
  const onJobs = route.screen === 'jobs' || route.screen === 'job';
  const onBots = route.screen === 'bots' || route.screen === 'runBot';
  const onApprovals = route.screen === 'approvals' || route.screen === 'approval';
  const pendingCount = usePendingApprovals().pendingCount;
  const admin = (['users', 'credentials', 'audit'] as const).filter((screen) => may(routePermission({ screen })));
  return (
    <nav className="sidebar" aria-label={t('nav.label')}>
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          R
        </span>
        {t('app.name')}
      </div>
      {may('jobs.read') && (
        <>
          <NavLink href="#/jobs" testId="nav-jobs" active={onJobs}>
            {t('nav.jobs')}
          </NavLink>
          <NavLink href="#/bots" testId="nav-bots" active={onBots}>
            {t('nav.bots')}
          </NavLink>
          <NavLink href="#/schedules" testId="nav-schedules" active={route.screen === 'schedules'}>
            {t('nav.schedules')}
          </NavLink>
          <NavLink href="#/approvals" testId="nav-approvals" active={onApprovals} badge>
            {t('nav.approvals')}
            {pendingCount > 0 && (
              <span className="nav-badge" data-testid="approvals-badge" aria-label={t('nav.pending', { count: pendingCount })}>
                {pendingCount}
              </span>
            )}
          </NavLink>
        </>
      )}
      {admin.length > 0 && (
        <>
          <p className="nav-group">{t('nav.admin')}</p>
          {admin.map((screen) => (
            <NavLink key={screen} href={`#/${screen}`} testId={`nav-${screen}`} active={route.screen === screen}>
              {t(`nav.${screen}`)}
            </NavLink>
          ))}
        </>
      )}
      <SidebarUser />
      <Preferences />
    </nav>
  );
}

function NavLink({ href, testId, active, badge = false, children }: { href: string; testId: string; active: boolean; badge?: boolean; children: ReactNode }) {
  const className = ['nav-link', badge ? 'with-badge' : '', active ? 'active' : ''].filter(Boolean).join(' ');
  return (
    <a href={href} data-testid={testId} className={className} aria-current={active ? 'page' : undefined}>
      {children}
    </a>
  );
}

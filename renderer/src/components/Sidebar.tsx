import type { Route } from '../router/routes';
import { usePendingApprovals } from '../stores/approvals';

/** The left navigation: the product name and its screens. */
export function Sidebar({ route }: { route: Route }) {
  const onJobs = route.screen === 'jobs' || route.screen === 'job';
  const onBots = route.screen === 'bots' || route.screen === 'runBot';
  const onApprovals = route.screen === 'approvals' || route.screen === 'approval';
  const pendingCount = usePendingApprovals((state) => state.pendingCount);
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">R</span>
        RPA Desk
      </div>
      <a href="#/jobs" data-testid="nav-jobs" className={onJobs ? 'nav-link active' : 'nav-link'} aria-current={onJobs ? 'page' : undefined}>
        Jobs
      </a>
      <a href="#/bots" data-testid="nav-bots" className={onBots ? 'nav-link active' : 'nav-link'} aria-current={onBots ? 'page' : undefined}>
        Bots
      </a>
      <a href="#/schedules" data-testid="nav-schedules" className={route.screen === 'schedules' ? 'nav-link active' : 'nav-link'} aria-current={route.screen === 'schedules' ? 'page' : undefined}>
        Schedules
      </a>
      <a href="#/approvals" data-testid="nav-approvals" className={onApprovals ? 'nav-link with-badge active' : 'nav-link with-badge'} aria-current={onApprovals ? 'page' : undefined}>
        Approvals
        {pendingCount > 0 && (
          <span className="nav-badge" data-testid="approvals-badge" aria-label={`${pendingCount} pending`}>
            {pendingCount}
          </span>
        )}
      </a>
    </nav>
  );
}

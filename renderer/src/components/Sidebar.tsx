import type { Route } from '../router/routes';

/** The left navigation: the product name and its two screens. */
export function Sidebar({ route }: { route: Route }) {
  const onJobs = route.screen === 'jobs' || route.screen === 'job';
  const onBots = route.screen === 'bots' || route.screen === 'runBot';
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
    </nav>
  );
}

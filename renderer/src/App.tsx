import { AppInfoFooter } from './components/AppInfoFooter';
import { ConnectionBanner } from './components/ConnectionBanner';
import { ErrorBoundary } from './components/ErrorBoundary';
import { HandoffBanner } from './components/HandoffBanner';
import { Sidebar } from './components/Sidebar';
import { Toasts } from './components/Toasts';
import { routePermission, type Route } from './router/routes';
import { useRoute } from './router/useRoute';
import { AccessScreen } from './screens/AccessScreen';
import { ApprovalScreen } from './screens/ApprovalScreen';
import { ApprovalsScreen } from './screens/ApprovalsScreen';
import { AuditScreen } from './screens/AuditScreen';
import { BotsScreen } from './screens/BotsScreen';
import { CredentialsScreen } from './screens/CredentialsScreen';
import { JobScreen } from './screens/JobScreen';
import { JobsScreen } from './screens/JobsScreen';
import { NoAccessScreen } from './screens/NoAccessScreen';
import { NotFoundScreen } from './screens/NotFoundScreen';
import { RunBotScreen } from './screens/RunBotScreen';
import { SchedulesScreen } from './screens/SchedulesScreen';
import { SignInScreen } from './screens/SignInScreen';
import { UsersScreen } from './screens/UsersScreen';
import { useConnection } from './stores/connection';
import { mayRunBot, useSession } from './stores/session';

/** The window: navigation on the left, the current screen, the footer and the toasts; the sign-in screen until someone is signed in. */
export function App() {
  const status = useConnection((state) => state.status);
  const session = useSession((state) => state.status);
  const route = useRoute();
  if (status === 'no-token' || status === 'rejected') return <AccessScreen refused={status === 'rejected'} />;
  if (session !== 'signedIn') {
    return (
      <>
        <SignInScreen />
        <Toasts />
      </>
    );
  }
  return (
    <div className="shell">
      <Sidebar route={route} />
      <div className="main">
        <ConnectionBanner status={status} />
        <HandoffBanner />
        <main className="content">
          <ErrorBoundary key={routeKey(route)}>
            <CurrentScreen route={route} />
          </ErrorBoundary>
        </main>
        <AppInfoFooter />
      </div>
      <Toasts />
    </div>
  );
}

function CurrentScreen({ route }: { route: Route }) {
  const user = useSession((state) => state.user);
  // A route typed in by hand to a screen this role may not use: said plainly, nothing is loaded.
  if (!user?.permissions.includes(routePermission(route))) return <NoAccessScreen />;
  if (route.screen === 'runBot' && !mayRunBot(user, route.botId)) return <NoAccessScreen botId={route.botId} />;
  switch (route.screen) {
    case 'jobs':
      return <JobsScreen />;
    case 'job':
      return <JobScreen key={route.jobId} jobId={route.jobId} />;
    case 'bots':
      return <BotsScreen />;
    case 'runBot':
      return <RunBotScreen key={route.from ?? 'new'} botId={route.botId} from={route.from} />;
    case 'schedules':
      return <SchedulesScreen />;
    case 'approvals':
      return <ApprovalsScreen />;
    case 'approval':
      return <ApprovalScreen key={route.approvalId} approvalId={route.approvalId} />;
    case 'users':
      return <UsersScreen />;
    case 'credentials':
      return <CredentialsScreen />;
    case 'audit':
      return <AuditScreen />;
    case 'notFound':
      return <NotFoundScreen missing={route.missing} name={route.name} />;
  }
}

// A new screen gets a fresh error boundary, so leaving a broken screen recovers.
function routeKey(route: Route): string {
  switch (route.screen) {
    case 'job':
      return `job-${route.jobId}`;
    case 'runBot':
      return `run-${route.botId}-${route.from ?? 'new'}`;
    case 'approval':
      return `approval-${route.approvalId}`;
    default:
      return route.screen;
  }
}

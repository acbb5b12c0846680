import { create } from 'zustand';
import type { SessionGrant, SessionState, SessionUser } from '../../../electron/common/identityContract';
import { scopeAllows, type Permission } from '../../../electron/common/permissions';
import { RpaError } from '../../../electron/common/errors';
import { forgetSetupCode, setupCode } from '../api/accessToken';
import { call, keepSessionWith, subscribe } from '../api/client';
import { forgetSessionToken, keepSessionToken, storedSessionToken } from '../api/sessionToken';
import { errorMessage } from './toasts';

/** Why the sign-in screen is shown: said above the form so a person knows what happened. */
export type SignedOutReason = 'signed_out' | 'expired' | 'disabled' | 'already_set_up' | null;

/**
 * Where this window stands:
 * - `checking`: asking the core whether someone is signed in (or resuming this tab's session);
 * - `signedIn`: `user` may use the screens their permissions allow;
 * - `signedOut`: the sign-in screen, with `reason` when a session just ended;
 * - `setup`: no user exists and this tab has the setup code: the first-admin form;
 * - `setupNeedsLink`: no user exists and this tab came without the setup link;
 * - `failed`: the core did not answer whether anyone is signed in (`message` says why).
 */
export type SessionStatus = 'checking' | 'signedIn' | 'signedOut' | 'setup' | 'setupNeedsLink' | 'failed';

interface SessionStoreState {
  status: SessionStatus;
  user: SessionUser | null;
  reason: SignedOutReason;
  /** Why the core could not say who is signed in (status `failed`), in its words. */
  message: string | null;
}

/** Who is signed in on this window, or what the sign-in screen should offer. */
export const useSession = create<SessionStoreState>()(() => ({ status: 'checking', user: null, reason: null, message: null }));

const beganListeners = new Set<(user: SessionUser) => void>();
/** The session being resumed right now, so that many refused commands resume it once. */
let regaining: Promise<boolean> | null = null;
/** The sign-in under way: a session.ended arriving meanwhile is about the session it replaces. */
let signingIn: Promise<unknown> | null = null;

/** Calls `listener` each time a session begins on this window: the first sign-in, a switch of user, signing in again. */
export function onSessionBegan(listener: (user: SessionUser) => void): () => void {
  beganListeners.add(listener);
  return () => beganListeners.delete(listener);
}

/** Finds out who is signed in (resuming this tab's earlier session if need be) and follows the session's end. */
export function startSession(): void {
  keepSessionWith({ regain, lost: () => endSession('expired') });
  subscribe('session.ended', ({ reason }) => void sessionEnded(reason));
  subscribe('user.updated', (user) => {
    // A change to one's own role or bots changes what this window may offer: ask for the session again.
    if (user.id === useSession.getState().user?.id) void refreshSessionUser();
  });
  void checkSession();
}

/** Asks the core again who is signed in; the Retry of the sign-in screen's failure. */
export async function checkSession(): Promise<void> {
  useSession.setState({ status: 'checking', message: null });
  let state: SessionState;
  try {
    state = await call('session.state', {});
  } catch (err) {
    useSession.setState({ status: 'failed', message: errorMessage(err) });
    return;
  }
  if (state.user) {
    began(state.user);
    return;
  }
  const token = storedSessionToken();
  if (token) {
    try {
      began((await call('session.resume', { token })).user);
      return;
    } catch (err) {
      forgetSessionToken();
      // An ended session is the ordinary case of a tab reopened later; anything else is worth saying.
      if (!(err instanceof RpaError && (err.code === 'unauthenticated' || err.code === 'not_found'))) {
        useSession.setState({ status: 'failed', message: errorMessage(err) });
        return;
      }
      showSignIn(state, 'expired');
      return;
    }
  }
  showSignIn(state, null);
}

/** Signs in with a name and password; throws the core's refusal, worded as the core words it. */
export async function signIn(username: string, password: string): Promise<void> {
  grant(await whileSigningIn(call('session.signIn', { username, password })));
}

/** Creates the first admin with this tab's setup code and signs them in; throws the core's refusal. */
export async function setUpFirstAdmin(input: { username: string; displayName: string; password: string }): Promise<void> {
  const code = setupCode();
  if (!code) {
    useSession.setState({ status: 'setupNeedsLink' });
    return;
  }
  try {
    grant(await whileSigningIn(call('session.setup', { setupCode: code, ...input })));
    forgetSetupCode();
  } catch (err) {
    // Set up already (by another tab, or long ago): the code is spent, signing in is what is left.
    if (err instanceof RpaError && err.code === 'conflict') {
      forgetSetupCode();
      useSession.setState({ status: 'signedOut', reason: 'already_set_up', message: null });
      return;
    }
    throw err;
  }
}

/** Signs out of this window; the sign-in screen follows even if the core could not be told. */
export async function signOut(): Promise<void> {
  try {
    await call('session.signOut', {});
  } catch {
    // Ended already, or the core is out of reach: this window forgets the session either way.
  }
  endSession('signed_out');
}

/** Changes one's own password; throws the core's refusal (a wrong current password, a short new one). */
export async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  await call('session.changePassword', { currentPassword, newPassword });
}

/** True when the signed-in user's role grants `permission`. */
export function usePermission(permission: Permission): boolean {
  return useSession((state) => state.user?.permissions.includes(permission) ?? false);
}

/** True when `user` may start jobs of `botId`: the permission, and the bot within their bots. */
export function mayRunBot(user: SessionUser | null, botId: string): boolean {
  return user !== null && user.permissions.includes('jobs.run') && scopeAllows(user.bots, botId);
}

/** True when the signed-in user may start jobs of `botId`. */
export function useMayRunBot(botId: string): boolean {
  return useSession((state) => mayRunBot(state.user, botId));
}

function whileSigningIn<T>(request: Promise<T>): Promise<T> {
  const settled = request.finally(() => {
    if (signingIn === settled) signingIn = null;
  });
  signingIn = settled;
  return settled;
}

function grant(session: SessionGrant): void {
  keepSessionToken(session.token);
  began(session.user);
}

function began(user: SessionUser): void {
  useSession.setState({ status: 'signedIn', user, reason: null, message: null });
  for (const listener of beganListeners) listener(user);
}

function showSignIn(state: SessionState, reason: SignedOutReason): void {
  if (state.setupRequired) {
    useSession.setState({ status: setupCode() ? 'setup' : 'setupNeedsLink', user: null, reason: null, message: null });
    return;
  }
  // A setup link opened after the first admin exists: its code is of no use any more.
  forgetSetupCode();
  useSession.setState({ status: 'signedOut', user: null, reason, message: null });
}

/** Back to the sign-in screen; the route stays in the address bar, so signing in returns to it. */
function endSession(reason: SignedOutReason): void {
  forgetSessionToken();
  const { status } = useSession.getState();
  if (status !== 'signedIn' && status !== 'checking') return;
  useSession.setState({ status: 'signedOut', user: null, reason, message: null });
}

async function regain(): Promise<boolean> {
  const token = storedSessionToken();
  if (!token) return false;
  regaining ??= (async () => {
    try {
      const resumed = await call('session.resume', { token });
      useSession.setState({ user: resumed.user });
      return true;
    } catch {
      forgetSessionToken();
      return false;
    } finally {
      regaining = null;
    }
  })();
  return regaining;
}

async function sessionEnded(reason: 'signed_out' | 'expired' | 'disabled'): Promise<void> {
  // Signing someone else in ends the session before: wait for it, then ask who is signed in now.
  if (signingIn) await signingIn.catch(() => undefined);
  try {
    const state = await call('session.state', {});
    if (state.user) {
      useSession.setState({ user: state.user });
      return;
    }
  } catch {
    // Whatever the answer, the core said the session ended.
  }
  endSession(reason);
}

async function refreshSessionUser(): Promise<void> {
  try {
    const state = await call('session.state', {});
    if (state.user) useSession.setState({ user: state.user });
  } catch {
    // The next command says what happened.
  }
}

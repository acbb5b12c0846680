import { create } from 'zustand';
import type { CommandInput } from '../../../electron/common/contract';
import type { UserSummary } from '../../../electron/common/identityContract';
import { call, onReconnected, subscribe } from '../api/client';
import { useSession } from './session';
import { showError } from './toasts';
import { i18n } from '../i18n';

interface UsersState {
  /** In user name order. */
  users: UserSummary[];
  status: 'idle' | 'loading' | 'ready' | 'failed';
}

/** The Users screen's rows, kept live from `user.updated`. */
export const useUsers = create<UsersState>()(() => ({ users: [], status: 'idle' }));

let listening = false;

/** Loads the users unless they are loaded or loading, and follows their changes from then on. */
export function ensureUsersLoaded(): void {
  if (!listening) {
    listening = true;
    subscribe('user.updated', applyUserUpdate);
    onReconnected(() => {
      if (useUsers.getState().status === 'idle') return;
      // Someone else may be signed in now: an account without the permission keeps none of the list.
      if (useSession.getState().user?.permissions.includes('users.manage')) void reloadUsers();
      else useUsers.setState({ users: [], status: 'idle' });
    });
  }
  const { status } = useUsers.getState();
  if (status === 'idle' || status === 'failed') void reloadUsers();
}

/** Loads the users again. */
export async function reloadUsers(): Promise<void> {
  useUsers.setState({ status: 'loading' });
  try {
    const users = await call('users.list', {});
    useUsers.setState({ users: sortUsers(users), status: 'ready' });
  } catch (err) {
    useUsers.setState({ status: 'failed' });
    showError(err, i18n.t('errors.users'));
  }
}

/** Puts a user the core reported into the list. */
export function applyUserUpdate(user: UserSummary): void {
  useUsers.setState(({ users, status }) => {
    if (status === 'idle') return {};
    const index = users.findIndex((u) => u.id === user.id);
    return { users: index >= 0 ? users.with(index, user) : sortUsers([...users, user]) };
  });
}

/** Creates a user; throws the core's refusal for the form to show. */
export async function createUser(input: CommandInput<'users.create'>): Promise<UserSummary> {
  const user = await call('users.create', input);
  applyUserUpdate(user);
  return user;
}

/** Changes a user's display name, role, bots or whether they may sign in; throws the core's refusal. */
export async function updateUser(input: CommandInput<'users.update'>): Promise<UserSummary> {
  const user = await call('users.update', input);
  applyUserUpdate(user);
  return user;
}

/** Gives a user a new password (their other sessions end); throws the core's refusal. */
export async function resetUserPassword(userId: number, password: string): Promise<UserSummary> {
  const user = await call('users.resetPassword', { userId, password });
  applyUserUpdate(user);
  return user;
}

function sortUsers(users: UserSummary[]): UserSummary[] {
  return [...users].sort((a, b) => a.username.localeCompare(b.username));
}

import { queryOptions, useQuery } from '@tanstack/react-query';
import type { CommandInput } from '../../../electron/common/contract';
import type { UserSummary } from '../../../electron/common/identityContract';
import { call } from '../api/client';
import { i18n } from '../i18n';
import { loadStatus, queryClient, type LoadStatus } from './queryClient';

/** The Users screen's rows, in user name order, kept live from `user.updated`. */
export const usersQuery = queryOptions({
  queryKey: ['users.list'],
  queryFn: async () => sortUsers(await call('users.list', {})),
  meta: { errorContext: () => i18n.t('errors.users') },
});

/** The users and how their load stands. */
export function useUsers(): { users: UserSummary[]; status: LoadStatus; refetch: () => void } {
  const query = useQuery(usersQuery);
  return { users: query.data ?? [], status: loadStatus(query), refetch: () => void query.refetch() };
}

/** Puts a user the core reported into the list, if it is loaded. */
export function applyUserUpdate(user: UserSummary): void {
  queryClient.setQueryData(usersQuery.queryKey, (users) => {
    if (!users) return users;
    const index = users.findIndex((u) => u.id === user.id);
    return index >= 0 ? users.with(index, user) : sortUsers([...users, user]);
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

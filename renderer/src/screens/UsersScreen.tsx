import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserSummary } from '../../../electron/common/identityContract';
import { useScopeText } from '../components/BotScopeField';
import { UserEditor } from '../components/UserEditor';
import { formatDateTime, formatShortTime } from '../format/time';
import { useNow } from '../hooks/useNow';
import { useBots } from '../queries/botList';
import { useUsers } from '../queries/users';
import { useSession } from '../stores/session';
import '../styles/admin.css';

/** Who may use RPA Desk, with which role and bots; admins create, edit, disable and reset them here. */
export function UsersScreen() {
  const { t } = useTranslation();
  const { users, status, refetch } = useUsers();
  // The editor's bot scope lists the bots: load them with the rows.
  useBots();
  const [editing, setEditing] = useState<number | 'new' | null>(null);
  // The editor follows the list, so a change made elsewhere (or by its own buttons) shows at once.
  const edited = typeof editing === 'number' ? (users.find((user) => user.id === editing) ?? null) : null;

  return (
    <section className="screen" data-testid="users-screen">
      <header className="screen-header">
        <h1>{t('nav.users')}</h1>
        <button type="button" className="button" onClick={refetch} disabled={status === 'loading'}>
          {t('common.refresh')}
        </button>
        <button type="button" className="button primary" data-testid="user-new" disabled={editing !== null} onClick={() => setEditing('new')}>
          {t('users.new')}
        </button>
      </header>
      {(editing === 'new' || edited) && <UserEditor key={edited?.id ?? 'new'} user={edited} onDone={() => setEditing(null)} />}
      <div className="panel table-panel admin-table-panel">
        <table className="jobs-table admin-table" data-testid="users-table">
          <thead>
            <tr>
              <th>{t('users.user')}</th>
              <th>{t('users.role')}</th>
              <th>{t('users.bots')}</th>
              <th>{t('users.status')}</th>
              <th>{t('users.lastSignIn')}</th>
              <th>
                <span className="offscreen">{t('users.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <UserRow key={user.id} user={user} onEdit={() => setEditing(user.id)} editing={editing !== null} />
            ))}
          </tbody>
        </table>
        {users.length === 0 && (
          <p className="empty">{status === 'failed' ? t('users.loadFailed') : status === 'ready' ? t('users.empty') : t('common.loading')}</p>
        )}
      </div>
    </section>
  );
}

function UserRow({ user, onEdit, editing }: { user: UserSummary; onEdit: () => void; editing: boolean }) {
  const { t } = useTranslation();
  const scopeText = useScopeText();
  const me = useSession((state) => state.user?.id === user.id);
  const now = useNow(user.lockedUntil !== null);
  const locked = user.lockedUntil !== null && user.lockedUntil > now;
  return (
    <tr className={user.disabled ? 'admin-row disabled' : 'admin-row'} data-testid={`user-row-${user.username}`} data-user-id={user.id}>
      <td className="user-cell">
        <div className="cell-title" data-testid="user-display-name-cell">
          {user.displayName}
          {me && <span className="tag you-tag">{t('users.you')}</span>}
        </div>
        <code className="cell-code" data-testid="user-username-cell">
          {user.username}
        </code>
        {user.osAccount && (
          <div className="cell-sub" title={user.osAccount}>
            {t('users.osAccount', { account: user.osAccount })}
          </div>
        )}
      </td>
      <td>
        <span className={`tag role-tag role-${user.role}`} data-testid="user-role-cell">
          {t(`roles.${user.role}`)}
        </span>
      </td>
      <td className="wrap-cell">{scopeText(user.bots)}</td>
      <td className="status-cell">
        <span className={user.disabled ? 'badge state-cancelled' : 'badge state-succeeded'} data-testid="user-status">
          {user.disabled ? t('users.disabled') : t('users.active')}
        </span>
        {locked && user.lockedUntil !== null && (
          <div className="cell-sub locked-until" data-testid="user-locked" title={formatDateTime(user.lockedUntil)}>
            {t('users.lockedUntilTime', { time: formatShortTime(user.lockedUntil) })}
          </div>
        )}
        {!user.hasPassword && <div className="cell-sub">{t('users.noPassword')}</div>}
      </td>
      <td className="nowrap">
        {user.lastSignInAt === null ? (
          <span className="muted">{t('users.never')}</span>
        ) : (
          <time dateTime={new Date(user.lastSignInAt).toISOString()} title={formatDateTime(user.lastSignInAt)}>
            {formatShortTime(user.lastSignInAt)}
          </time>
        )}
      </td>
      <td className="row-actions">
        <button
          type="button"
          className="button small"
          data-testid="user-edit"
          aria-label={t('users.editName', { name: user.displayName })}
          disabled={editing}
          onClick={onEdit}
        >
          {t('users.edit')}
        </button>
      </td>
    </tr>
  );
}

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { signOut, useSession } from '../stores/session';
import { ChangePasswordDialog, SwitchUserDialog } from './AccountDialogs';
import '../styles/session.css';

/** Who is signed in on this window, with their role, and the ways to hand over or leave. */
export function SidebarUser() {
  const { t } = useTranslation();
  const user = useSession((state) => state.user);
  const [open, setOpen] = useState<'switch' | 'password' | null>(null);
  const [leaving, setLeaving] = useState(false);
  if (!user) return null;
  return (
    <div className="sidebar-user" data-testid="sidebar-user">
      <p className="sidebar-user-name" data-testid="signed-in-user" title={user.username}>
        {user.displayName}
      </p>
      <p className="sidebar-user-role" data-testid="signed-in-role" data-role={user.role}>
        {t(`roles.${user.role}`)}
      </p>
      <div className="sidebar-user-actions">
        <button type="button" className="sidebar-action" data-testid="switch-user" onClick={() => setOpen('switch')}>
          {t('account.switchUser')}
        </button>
        <button type="button" className="sidebar-action" data-testid="change-password" onClick={() => setOpen('password')}>
          {t('account.changePassword')}
        </button>
        <button
          type="button"
          className="sidebar-action"
          data-testid="sign-out"
          disabled={leaving}
          onClick={() => {
            setLeaving(true);
            void signOut();
          }}
        >
          {t('account.signOut')}
        </button>
      </div>
      {open === 'switch' && <SwitchUserDialog onClose={() => setOpen(null)} />}
      {open === 'password' && <ChangePasswordDialog onClose={() => setOpen(null)} />}
    </div>
  );
}

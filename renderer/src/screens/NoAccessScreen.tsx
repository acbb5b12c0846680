import { useTranslation } from 'react-i18next';
import { useBots } from '../queries/botList';
import { useSession } from '../stores/session';

/** A screen (or a bot's Run form) the signed-in user's role does not allow: said plainly, with a way back. */
export function NoAccessScreen({ botId }: { botId?: string }) {
  const { t } = useTranslation();
  const role = useSession((state) => state.user?.role);
  const botTitle = useBots().bots.find((bot) => bot.id === botId)?.title ?? botId;
  return (
    <section className="screen">
      <div className="not-found-block" data-testid="no-access">
        <p className="empty not-found" role="alert">
          {botId === undefined ? t('noAccess.screen') : t('noAccess.bot', { bot: botTitle })}
        </p>
        <p className="muted">{botId === undefined ? t('noAccess.role', { role: role ? t(`roles.${role}`) : '' }) : t('noAccess.botHint')}</p>
        <a className="button" href="#/jobs">
          {t('notFound.goToJobs')}
        </a>
      </div>
    </section>
  );
}

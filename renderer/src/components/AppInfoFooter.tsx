import { useTranslation } from 'react-i18next';
import { useAppInfo } from '../queries/appInfo';
import { useActorName } from '../queries/directory';

/** One line about the running app: mode, version, data folder, user. */
export function AppInfoFooter() {
  const { t } = useTranslation();
  const info = useAppInfo();
  const actorName = useActorName();
  if (!info) return <footer className="app-footer" />;
  return (
    <footer className="app-footer">
      <span>{info.mode === 'headless' ? t('footer.headless') : t('footer.desktop')}</span>
      <span>{t('footer.version', { version: info.version })}</span>
      <span title={info.dataDir}>{t('footer.dataDir', { dir: info.dataDir })}</span>
      <span>{t('footer.user', { user: actorName(info.user) })}</span>
    </footer>
  );
}

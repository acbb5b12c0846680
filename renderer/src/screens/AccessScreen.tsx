import { Trans, useTranslation } from 'react-i18next';

/** What to do when headless mode was opened without a valid token. */
export function AccessScreen({ refused }: { refused: boolean }) {
  const { t } = useTranslation();
  return (
    <main className="access-screen" data-testid="access-screen">
      <div className="panel access-card">
        <div className="brand brand-dark">
          <span className="brand-mark" aria-hidden="true">
            R
          </span>
          {t('app.name')}
        </div>
        <h1>{refused ? t('access.refusedTitle') : t('access.missingTitle')}</h1>
        <p>{refused ? t('access.refusedText') : t('access.missingText')}</p>
        <p>
          <Trans i18nKey="access.howTo" components={{ command: <code />, url: <code /> }} />
        </p>
      </div>
    </main>
  );
}

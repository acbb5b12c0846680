import { useTranslation } from 'react-i18next';
/** A thing that does not exist, said plainly, with a way back to the Jobs screen. */
export function NotFound({ message }: { message: string }) {
  const { t } = useTranslation();
  return (
    <div className="not-found-block">
      <p className="empty not-found" data-testid="not-found">
        {message}
      </p>
      <a className="button" href="#/jobs">
        {t('notFound.goToJobs')}
      </a>
    </div>
  );
}

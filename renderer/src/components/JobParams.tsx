import { useTranslation } from 'react-i18next';
/** The parameters a job was started with, as name and value. */
export function JobParams({ params }: { params: Record<string, unknown> }) {
  const { t } = useTranslation();
  const entries = Object.entries(params);
  if (entries.length === 0) return <p className="muted small">{t('bots.noParameters')}</p>;
  return (
    <dl className="key-values" data-testid="job-params">
      {entries.map(([name, value]) => (
        <div key={name} className="key-value">
          <dt>{name}</dt>
          <dd>{typeof value === 'string' ? value : JSON.stringify(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

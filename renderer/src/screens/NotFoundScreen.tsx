import { useTranslation } from 'react-i18next';
import { NotFound } from '../components/NotFound';

/** A route that leads nowhere: a job or approval number that cannot be, or no screen at all. */
export function NotFoundScreen({ missing, name }: { missing: 'job' | 'approval' | 'page'; name: string }) {
  const { t } = useTranslation();
  return (
    <section className="screen">
      <NotFound message={t(`notFound.${missing}`, { id: name, path: name })} />
    </section>
  );
}

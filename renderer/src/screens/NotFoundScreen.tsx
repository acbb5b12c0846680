import { NotFound } from '../components/NotFound';

/** A route that leads nowhere. */
export function NotFoundScreen({ message }: { message: string }) {
  return (
    <section className="screen">
      <NotFound message={message} />
    </section>
  );
}

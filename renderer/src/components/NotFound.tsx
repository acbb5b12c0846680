/** A thing that does not exist, said plainly, with a way back to the Jobs screen. */
export function NotFound({ message }: { message: string }) {
  return (
    <div className="not-found-block">
      <p className="empty not-found" data-testid="not-found">
        {message}
      </p>
      <a className="button" href="#/jobs">
        Go to Jobs
      </a>
    </div>
  );
}

/** What to do when headless mode was opened without a valid token. */
export function AccessScreen({ refused }: { refused: boolean }) {
  return (
    <main className="access-screen" data-testid="access-screen">
      <div className="panel access-card">
        <div className="brand brand-dark">
          <span className="brand-mark" aria-hidden="true">R</span>
          RPA Desk
        </div>
        <h1>{refused ? 'This link is no longer valid' : 'Open RPA Desk from its link'}</h1>
        <p>
          {refused
            ? 'RPA Desk refused the access token in this link, probably because it was restarted since the link was printed.'
            : 'In headless mode RPA Desk only answers pages that carry its access token, and this address has none.'}
        </p>
        <p>
          Open the URL that <code>npm run headless</code> printed in its terminal. It looks like{' '}
          <code>http://127.0.0.1:PORT/#token=…</code>
        </p>
      </div>
    </main>
  );
}

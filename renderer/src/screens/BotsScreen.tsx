import { useTranslation } from 'react-i18next';
import { BotCard } from '../components/BotCard';
import { useBotProblems, useBots } from '../queries/botList';

/** Every bot the core knows, each with a Run button. */
export function BotsScreen() {
  const { t } = useTranslation();
  const { bots, status, refetch } = useBots();
  const problems = useBotProblems();

  return (
    <section className="screen">
      <header className="screen-header">
        <h1>{t('nav.bots')}</h1>
        <button type="button" className="button" onClick={refetch} disabled={status === 'loading'}>
          {t('common.refresh')}
        </button>
      </header>
      {status === 'loading' && bots.length === 0 && <p className="muted">{t('bots.loading')}</p>}
      {status === 'ready' && bots.length === 0 && <p className="empty">{t('bots.empty')}</p>}
      {status === 'failed' && bots.length === 0 && <p className="empty">{t('bots.loadFailed')}</p>}
      {problems.length > 0 && (
        <section className="panel bot-problems" data-testid="bot-problems" aria-labelledby="bot-problems-title">
          <h2 id="bot-problems-title">{t('bots.problemsTitle', { count: problems.length })}</h2>
          <ul>
            {problems.map((problem) => (
              <li key={problem.file} data-testid="bot-problem" data-file={problem.file}>
                <code>{problem.file}</code> {problem.message}
              </li>
            ))}
          </ul>
        </section>
      )}
      <div className="bot-grid">
        {bots.map((bot) => (
          <BotCard key={bot.id} bot={bot} />
        ))}
      </div>
    </section>
  );
}

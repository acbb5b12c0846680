import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { BotCard } from '../components/BotCard';
import { ensureBotsLoaded, reloadBots, useBots } from '../stores/botList';

/** Every bot the core knows, each with a Run button. */
export function BotsScreen() {
  const { t } = useTranslation();
  const bots = useBots((state) => state.bots);
  const status = useBots((state) => state.status);
  useEffect(ensureBotsLoaded, []);

  return (
    <section className="screen">
      <header className="screen-header">
        <h1>{t('nav.bots')}</h1>
        <button type="button" className="button" onClick={() => void reloadBots()} disabled={status === 'loading'}>
          {t('common.refresh')}
        </button>
      </header>
      {status === 'loading' && bots.length === 0 && <p className="muted">{t('bots.loading')}</p>}
      {status === 'ready' && bots.length === 0 && <p className="empty">{t('bots.empty')}</p>}
      {status === 'failed' && bots.length === 0 && <p className="empty">{t('bots.loadFailed')}</p>}
      <div className="bot-grid">
        {bots.map((bot) => (
          <BotCard key={bot.id} bot={bot} />
        ))}
      </div>
    </section>
  );
}

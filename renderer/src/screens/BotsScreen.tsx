import { useEffect } from 'react';
import { BotCard } from '../components/BotCard';
import { ensureBotsLoaded, reloadBots, useBots } from '../stores/botList';

/** Every bot the core knows, each with a Run button. */
export function BotsScreen() {
  const bots = useBots((state) => state.bots);
  const status = useBots((state) => state.status);
  useEffect(ensureBotsLoaded, []);

  return (
    <section className="screen">
      <header className="screen-header">
        <h1>Bots</h1>
        <button type="button" className="button" onClick={() => void reloadBots()} disabled={status === 'loading'}>
          Refresh
        </button>
      </header>
      {status === 'loading' && bots.length === 0 && <p className="muted">Loading bots…</p>}
      {status === 'ready' && bots.length === 0 && <p className="empty">No bots are installed.</p>}
      {status === 'failed' && bots.length === 0 && <p className="empty">The bots could not be loaded.</p>}
      <div className="bot-grid">
        {bots.map((bot) => (
          <BotCard key={bot.id} bot={bot} />
        ))}
      </div>
    </section>
  );
}

import { create } from 'zustand';
import type { BotSummary } from '../../../electron/common/domain';
import { call } from '../api/client';
import { showError } from './toasts';
import { i18n } from '../i18n';

interface BotsState {
  bots: BotSummary[];
  status: 'idle' | 'loading' | 'ready' | 'failed';
}

/** The bots the core knows, for the Bots screen, the Run form and the Jobs filter. */
export const useBots = create<BotsState>()(() => ({ bots: [], status: 'idle' }));

/** Loads the bots unless they are loaded or loading. */
export function ensureBotsLoaded(): void {
  const { status } = useBots.getState();
  if (status === 'idle' || status === 'failed') void reloadBots();
}

/** Loads the bots again. */
export async function reloadBots(): Promise<void> {
  useBots.setState({ status: 'loading' });
  try {
    const bots = await call('bots.list', {});
    useBots.setState({ bots, status: 'ready' });
  } catch (err) {
    useBots.setState({ status: 'failed' });
    showError(err, i18n.t('errors.bots'));
  }
}

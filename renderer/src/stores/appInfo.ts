import { create } from 'zustand';
import type { AppInfo } from '../../../electron/common/contract';
import { call } from '../api/client';
import { showError } from './toasts';
import { i18n } from '../i18n';

interface AppInfoState {
  info: AppInfo | null;
}

/** Mode, version, data folder and user, for the footer. */
export const useAppInfo = create<AppInfoState>()(() => ({ info: null }));

/** Asks the core who and where it is. */
export async function loadAppInfo(): Promise<void> {
  try {
    useAppInfo.setState({ info: await call('app.info', {}) });
  } catch (err) {
    showError(err, i18n.t('errors.appInfo'));
  }
}

import type en from './locales/en.json';

// The English catalog is the source of truth for keys: `t('jobs.typo')` does not type-check.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}

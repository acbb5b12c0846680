import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';
import ptBR from './locales/pt-BR.json';

/** The languages the renderer speaks, as BCP 47 tags. */
export const LANGUAGES = ['en', 'pt-BR'] as const;

/** One of the renderer's languages. */
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'rpa-desk.language';

/** The i18next instance every screen translates with; ready (synchronously) once this module ran. */
export const i18n = i18next.createInstance();

/** The language the operator's browser asks for: any Portuguese means pt-BR, everything else English. */
export function browserLanguage(preferred: readonly string[] = navigator.languages): Language {
  for (const tag of preferred) {
    const primary = tag.toLowerCase().split('-')[0];
    if (primary === 'pt') return 'pt-BR';
    if (primary === 'en') return 'en';
  }
  return 'en';
}

/** The language chosen on this machine, or null while the operator has not chosen one. */
export function storedLanguage(): Language | null {
  const stored = readStorage(STORAGE_KEY);
  return LANGUAGES.find((language) => language === stored) ?? null;
}

/** The language in use. */
export function currentLanguage(): Language {
  return LANGUAGES.find((language) => language === i18n.language) ?? 'en';
}

/**
 * The locale dates and numbers are written in: the browser's own tag when it is a variant of the
 * language in use (an en-GB operator keeps day-month dates), otherwise the language itself.
 */
export function formatLocale(): string {
  const language = currentLanguage();
  const primary = language.split('-')[0] ?? language;
  // pt-PT is turned into pt-BR text, so its numbers and dates follow pt-BR too.
  if (language === 'pt-BR') return language;
  return navigator.languages.find((tag) => tag.toLowerCase().split('-')[0] === primary) ?? language;
}

/** Switches the language and remembers the choice on this machine. */
export function chooseLanguage(language: Language): void {
  writeStorage(STORAGE_KEY, language);
  void i18n.changeLanguage(language);
}

// localStorage throws when storage is disabled (some kiosk and privacy settings); the app works without it.
function readStorage(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function writeStorage(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Not remembered; the choice still holds until the page reloads.
  }
}

i18n.on('languageChanged', (language) => {
  document.documentElement.lang = language;
});

// Both catalogs are bundled (a few KB each), so init is synchronous and the first paint is translated.
void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, 'pt-BR': { translation: ptBR } },
  lng: storedLanguage() ?? browserLanguage(),
  fallbackLng: 'en',
  supportedLngs: LANGUAGES,
  // React escapes what it renders; escaping here too would show &amp; on screen.
  interpolation: { escapeValue: false },
});

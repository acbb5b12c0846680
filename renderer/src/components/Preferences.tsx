import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { chooseLanguage, currentLanguage, LANGUAGES, type Language } from '../i18n';
import { chooseTheme, storedTheme, THEMES, type Theme } from '../theme/theme';

/** Language and theme switches at the foot of the navigation, until a Settings screen takes them. */
export function Preferences() {
  const { t } = useTranslation();
  const [theme, setTheme] = useState<Theme>(storedTheme);
  return (
    <div className="sidebar-footer" data-testid="preferences">
      <label className="sidebar-field">
        <span>{t('preferences.language')}</span>
        <select data-testid="language-switch" value={currentLanguage()} onChange={(event) => chooseLanguage(readLanguage(event.target.value))}>
          {LANGUAGES.map((language) => (
            // Each language is named in itself, so an operator who cannot read the current one still finds theirs.
            <option key={language} value={language} lang={language}>
              {t(`preferences.languageName.${language}`, { lng: language })}
            </option>
          ))}
        </select>
      </label>
      <label className="sidebar-field">
        <span>{t('preferences.theme')}</span>
        <select
          data-testid="theme-switch"
          value={theme}
          onChange={(event) => {
            const next = readTheme(event.target.value);
            chooseTheme(next);
            setTheme(next);
          }}
        >
          {THEMES.map((option) => (
            <option key={option} value={option}>
              {t(`preferences.themeName.${option}`)}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

function readLanguage(value: string): Language {
  return LANGUAGES.find((language) => language === value) ?? 'en';
}

function readTheme(value: string): Theme {
  return THEMES.find((theme) => theme === value) ?? 'system';
}

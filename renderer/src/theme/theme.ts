/** The colour themes an operator can choose; `system` follows the operating system's setting. */
export const THEMES = ['system', 'light', 'dark'] as const;

/** One of the theme choices. */
export type Theme = (typeof THEMES)[number];

const STORAGE_KEY = 'rpa-desk.theme';

/** The theme chosen on this machine; `system` until the operator picks one. */
export function storedTheme(): Theme {
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage disabled: follow the system.
  }
  return THEMES.find((theme) => theme === stored) ?? 'system';
}

/**
 * Puts a theme on `<html data-theme>`. The stylesheets pick every colour with `light-dark()`, so
 * `system` needs no script: `color-scheme: light dark` lets `prefers-color-scheme` decide.
 */
export function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
}

/** Switches the theme and remembers the choice on this machine. */
export function chooseTheme(theme: Theme): void {
  try {
    localStorage.setItem(STORAGE_KEY, theme);
  } catch {
    // Not remembered; the choice still holds until the page reloads.
  }
  applyTheme(theme);
}

import { formatLocale } from '../i18n';

// Building an Intl formatter costs far more than using one, and a log or a table formats thousands
// of values: keep one per locale and options, rebuilt only when the language changes.
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function cached<F extends Intl.DateTimeFormat | Intl.NumberFormat>(kind: string, options: object, make: (locale: string) => F): F {
  const locale = formatLocale();
  const key = `${kind} ${locale} ${JSON.stringify(options)}`;
  let format = formatters.get(key) as F | undefined;
  if (!format) {
    format = make(locale);
    formatters.set(key, format);
  }
  return format;
}

/** A date formatter for the language in use. */
export function dateFormat(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return cached('date', options, (locale) => new Intl.DateTimeFormat(locale, options));
}

/** A number formatter for the language in use. */
export function numberFormat(options: Intl.NumberFormatOptions): Intl.NumberFormat {
  return cached('number', options, (locale) => new Intl.NumberFormat(locale, options));
}

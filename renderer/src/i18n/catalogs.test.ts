import { describe, expect, it } from 'vitest';
import en from './locales/en.json';
import ptBR from './locales/pt-BR.json';

// Every screen is written in both languages at once: a key in one catalog only, an empty text, or
// a {{variable}} one language forgets fails here rather than on an operator's screen.

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

type Catalog = { [key: string]: string | Catalog };

/** Every text of a catalog by its dotted key, as i18next resolves them. */
function flatten(catalog: Catalog, prefix = ''): Map<string, string> {
  const texts = new Map<string, string>();
  for (const [key, value] of Object.entries(catalog)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') texts.set(path, value);
    else for (const [inner, text] of flatten(value, path)) texts.set(inner, text);
  }
  return texts;
}

function variables(text: string): string[] {
  return [...new Set([...text.matchAll(/\{\{\s*([\w.]+)\s*(?:,[^}]*)?\}\}/g)].map((match) => match[1] ?? ''))].sort();
}

const english = flatten(en);
const portuguese = flatten(ptBR);

describe('the en and pt-BR catalogs', () => {
  it('have the same keys, plural forms included', () => {
    const missingInPortuguese = [...english.keys()].filter((key) => !portuguese.has(key));
    // Exactly the same keys: where pt-BR needs an `x_zero` (CLDR puts 0 in Portuguese's "one": "0 linha"),
    // English has one too, so tools that compare the catalogs key by key agree with this test.
    const onlyInPortuguese = [...portuguese.keys()].filter((key) => !english.has(key));
    expect(missingInPortuguese).toEqual([]);
    expect(onlyInPortuguese).toEqual([]);
  });

  it('give every plural both its one and other forms', () => {
    for (const texts of [english, portuguese]) {
      const plurals = new Set([...texts.keys()].filter((key) => PLURAL_SUFFIX.test(key)).map((key) => key.replace(PLURAL_SUFFIX, '')));
      const incomplete = [...plurals].filter((base) => !texts.has(`${base}_one`) || !texts.has(`${base}_other`));
      expect(incomplete).toEqual([]);
    }
  });

  it('have no empty texts', () => {
    const empty = [...english, ...portuguese].filter(([, text]) => text.trim() === '').map(([key]) => key);
    expect(empty).toEqual([]);
  });

  it('use the same {{variables}} in both languages', () => {
    const differences: string[] = [];
    for (const [key, text] of portuguese) {
      const reference = english.get(key) ?? english.get(`${key.slice(0, -'_zero'.length)}_other`);
      if (reference === undefined) continue;
      const expected = variables(reference);
      const actual = variables(text);
      // A zero form may say "nenhuma" in words and leave variables out, but never brings new ones.
      const same = key.endsWith('_zero') ? actual.every((name) => expected.includes(name)) : actual.join(',') === expected.join(',');
      if (!same) differences.push(`${key}: en {${expected.join(', ')}} / pt-BR {${actual.join(', ')}}`);
    }
    expect(differences).toEqual([]);
  });

  it('open and close the same <tags> in both languages', () => {
    const tags = (text: string): string =>
      [...text.matchAll(/<\/?(\w+)\s*\/?>/g)]
        .map((match) => match[0])
        .sort()
        .join('');
    const differences = [...portuguese].filter(([key, text]) => english.has(key) && tags(text) !== tags(english.get(key) ?? '')).map(([key]) => key);
    expect(differences).toEqual([]);
  });

  it('never leaves a tag empty: <bot></bot> renders the component with no children, so the bot title vanished', () => {
    // A component whose own children must show (a bot's title, its message) is written <bot/>.
    const empty = [...english, ...portuguese].filter(([, text]) => /<(\w+)>\s*<\/\1>/.test(text)).map(([key]) => key);
    expect(empty).toEqual([]);
  });
});

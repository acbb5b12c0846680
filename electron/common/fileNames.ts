const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

// Invisible format characters (Unicode Cf): bidi embeddings, overrides and isolates (U+202A–U+202E,
// U+2066–U+2069), marks (U+200E, U+200F, U+061C), zero-width spaces and joiners, the BOM, soft
// hyphens, tag characters. U+202E turns "invoice\u202Efdp.exe" into what reads as "invoiceexe.pdf",
// so they are dropped, not replaced: nothing visible was there.
const INVISIBLE = /\p{Cf}/gu;
// Control characters (C0 and C1) and line or paragraph separators, plus what Windows forbids in a name.
const UNSAFE = /[\p{Cc}\u2028\u2029<>:"|?*]/gu;

/**
 * A file name safe to show and to use as a download name: no folders, no control or invisible
 * format characters (bidi overrides), no Windows device names, no trailing dots or spaces.
 * Never used as a path on disk.
 */
export function displayFileName(raw: string): string {
  const lastPart = raw.replace(/\\/g, '/').split('/').pop() ?? '';
  let name = lastPart
    .replace(INVISIBLE, '')
    .replace(UNSAFE, '_')
    .trim()
    .replace(/[.\s]+$/u, '');
  if (name === '' || name === '.' || name === '..') name = 'file';
  if (RESERVED.test(name)) name = `_${name}`;
  if (name.length > 120) {
    const ext = extensionOf(name);
    name = name.slice(0, 120 - ext.length) + ext;
  }
  return name;
}

/** The lower-case extension of a name (with its dot) if it is short and plain, else ''. */
export function extensionOf(name: string): string {
  const match = /\.[A-Za-z0-9]{1,8}$/.exec(name);
  return match ? match[0].toLowerCase() : '';
}

/** The name a file is stored under: chosen by the app, only the extension comes from the user's name. */
export function storedFileName(kind: string, sequence: number, originalName: string): string {
  return `${kind}-${String(sequence).padStart(4, '0')}${extensionOf(displayFileName(originalName))}`;
}

// Whether a job file may be opened is decided here, once, for main, headless and the renderer.
// Opening hands the file to the system (shell.openPath), and on Windows that runs an .exe, .bat,
// .lnk, .hta, .js … a site sent. So it is an allow-list of document kinds, never a deny-list.

/** What Open may do with a file: open it, show it in its folder (archives), or nothing (Save only). */
export type OpenAction = 'open' | 'show-in-folder' | 'save-only';

// Documents whose usual viewers do not run code from them. Left out on purpose: HTML, SVG and XML
// (scripts in the browser they open in), RTF and the binary or macro-enabled Office formats
// (.doc, .xls, .ppt, .docm, .xlsm: macros and embedded objects), and every program or script.
const OPENABLE = new Set([
  'pdf',
  'png',
  'jpg',
  'jpeg',
  'gif',
  'webp',
  'bmp',
  'tif',
  'tiff',
  'txt',
  'log',
  'csv',
  'tsv',
  'json',
  'md',
  'docx',
  'xlsx',
  'pptx',
  'odt',
  'ods',
  'odp',
]);
// Opening a ZIP in Explorer lets the operator double-click what is inside it: show it instead.
const SHOWN_IN_FOLDER = new Set(['zip']);

/** The extension Windows would act on: the last one, after the trailing dots and spaces it ignores; '' if none. */
export function effectiveExtension(name: string): string {
  const lastPart = name.split(/[/\\]/).pop() ?? '';
  // A colon names an NTFS alternate stream ("a.pdf:x.exe"): no plain document has one.
  if (lastPart.includes(':')) return '';
  const trimmed = lastPart.replace(/[. ]+$/, '');
  const dot = trimmed.lastIndexOf('.');
  return dot < 0 ? '' : trimmed.slice(dot + 1).toLowerCase();
}

/** What Open may do with a file of this name, judged by its extension (case-insensitive, allow-list). */
export function openAction(name: string): OpenAction {
  const extension = effectiveExtension(name);
  if (OPENABLE.has(extension)) return 'open';
  if (SHOWN_IN_FOLDER.has(extension)) return 'show-in-folder';
  return 'save-only';
}

/** The strictest action of several names for one file (its display name and the name it is stored under). */
export function strictestOpenAction(...names: readonly string[]): OpenAction {
  const actions = names.map(openAction);
  if (actions.includes('save-only')) return 'save-only';
  return actions.includes('show-in-folder') ? 'show-in-folder' : 'open';
}

/** Why a file cannot be opened, for the operator, or undefined when it may be. */
export function openRefusal(name: string): string | undefined {
  if (openAction(name) !== 'save-only') return undefined;
  return effectiveExtension(name) === ''
    ? 'RPA Desk opens only documents, and this file has no extension saying what it is. Save it and check it before opening it.'
    : `Files of this kind (.${effectiveExtension(name)}) may run programs, so RPA Desk does not open them. Save it and check it before opening it.`;
}

import { openableAction, type FileActions } from '../core/api/fileActions.js';
import type { FileTickets } from './fileTickets.js';

/**
 * In headless mode the browser opens and saves files: each action is a URL on the headless server.
 * Open follows the same rule as in Electron: documents open inline, archives are only downloaded,
 * anything that could run a program is refused (the server serves it only as a download, too).
 */
export function headlessFileActions(tickets: FileTickets): FileActions {
  const base = (id: number) => `/files/${id}?ticket=${tickets.issue(id)}`;
  return {
    // Through a promise so a refusal reaches the caller as a rejection, as the interface promises.
    open: (file) => Promise.resolve(file).then((f) => ({ done: false, url: openableAction(f) === 'open' ? base(f.id) : `${base(f.id)}&download=1` })),
    save: (file) => Promise.resolve({ done: false, url: `${base(file.id)}&download=1` }),
  };
}

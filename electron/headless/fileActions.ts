import type { FileActions } from '../core/api/fileActions.js';

/** In headless mode the browser opens and saves files: each action is a URL on the headless server. */
export function headlessFileActions(token: string): FileActions {
  const base = (id: number) => `/files/${id}?token=${encodeURIComponent(token)}`;
  return {
    open: (file) => Promise.resolve({ done: false, url: base(file.id) }),
    save: (file) => Promise.resolve({ done: false, url: `${base(file.id)}&download=1` }),
  };
}

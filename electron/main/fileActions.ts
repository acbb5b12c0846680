import fs from 'node:fs';
import { dialog, shell, type BrowserWindow } from 'electron';
import { RpaError } from '../common/errors.js';
import { openableAction, type FileActions } from '../core/api/fileActions.js';

/**
 * Files open in the system's own viewer and save through the system's save dialog. Only documents
 * are opened (`openableAction`): `shell.openPath` would run a program a website sent.
 */
export function electronFileActions(window: () => BrowserWindow | null): FileActions {
  return {
    async open(file) {
      if (openableAction(file) === 'show-in-folder') {
        shell.showItemInFolder(file.path);
        return { done: true };
      }
      const problem = await shell.openPath(file.path);
      if (problem) throw new RpaError('unavailable', `Could not open ${file.name}: ${problem}`);
      return { done: true };
    },
    async save(file) {
      const owner = window();
      const options = { defaultPath: file.name };
      const choice = owner ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options);
      if (choice.canceled || !choice.filePath) return { done: false };
      await fs.promises.copyFile(file.path, choice.filePath);
      return { done: true, savedTo: choice.filePath };
    },
  };
}

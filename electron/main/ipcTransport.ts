import os from 'node:os';
import { ipcMain, type BrowserWindow } from 'electron';
import { CHANNELS } from '../common/channels.js';
import type { Core } from '../core/app.js';
import { DesktopConnections } from './desktopConnections.js';
import { isTrustedSender } from './senderCheck.js';

/** The contract over Electron IPC: commands in through one handler, events out to every signed-in window. */
export function connectIpc(core: Core, windows: () => BrowserWindow[]): () => void {
  const connections = new DesktopConnections(core.identity, os.userInfo().username, CHANNELS.event);
  ipcMain.handle(CHANNELS.invoke, (event, command: unknown, input: unknown) => {
    if (!isTrustedSender(event.senderFrame)) {
      return { ok: false, error: { code: 'forbidden', message: 'Commands are accepted only from the RPA Desk window' } };
    }
    return core.router.handle(command, input, connections.of(event.sender));
  });
  const unsubscribe = core.events.onAny((event, payload) => {
    for (const window of windows()) {
      if (!window.isDestroyed() && connections.mayReceive(window.webContents, event)) window.webContents.send(CHANNELS.event, event, payload);
    }
  });
  return () => {
    unsubscribe();
    ipcMain.removeHandler(CHANNELS.invoke);
  };
}

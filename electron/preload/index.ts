import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNELS, EVENT_NAMES } from '../common/channels.js';

// The renderer's only door to main: two functions on window.rpa. No ipcRenderer, no Node, and
// nothing but the contract's own channel names ever crosses.

const knownEvents = new Set<string>(EVENT_NAMES);

contextBridge.exposeInMainWorld('rpa', {
  invoke(command: unknown, input: unknown): Promise<unknown> {
    if (typeof command !== 'string') return Promise.reject(new TypeError('command must be a string'));
    return ipcRenderer.invoke(CHANNELS.invoke, command, input);
  },
  on(event: unknown, listener: unknown): () => void {
    if (typeof event !== 'string' || !knownEvents.has(event)) throw new TypeError(`Unknown event ${String(event)}`);
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    const forward = (_e: IpcRendererEvent, name: string, payload: unknown) => {
      if (name === event) (listener as (payload: unknown) => void)(payload);
    };
    ipcRenderer.on(CHANNELS.event, forward);
    return () => ipcRenderer.removeListener(CHANNELS.event, forward);
  },
});

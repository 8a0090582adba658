/**
 * Preload script of the desktop window (sandboxed; bundled to dist/preload/index.cjs with `electron` external).
 * Exposes `window.pmu = { call(name, args), on(event, listener) }` through contextBridge. The allowed call and
 * event names are generated from the contract (contract/index.ts), so the page can reach exactly the
 * contract's IPC channels and nothing else of Electron or node.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { callNames, eventNames, ipcCallChannel, ipcEventChannel, type PmuBridge } from '../contract';

/** Call name → IPC channel, and event name → IPC channel: generated from the contract, nothing else reachable. */
const CALL_CHANNELS = new Map<string, string>(callNames.map((name) => [name, ipcCallChannel(name)]));
const EVENT_CHANNELS = new Map<string, string>(eventNames.map((name) => [name, ipcEventChannel(name)]));

const bridge: PmuBridge = {
  call(name, args) {
    const channel = CALL_CHANNELS.get(name);
    if (channel === undefined) {
      return Promise.resolve({ ok: false, error: { code: 'UNKNOWN_CALL', message: `The workstation has no function called "${String(name).slice(0, 60)}".` } });
    }
    return ipcRenderer.invoke(channel, args);
  },
  on(event, listener) {
    const channel = EVENT_CHANNELS.get(event);
    if (channel === undefined) throw new Error(`The workstation sends no event called "${String(event).slice(0, 60)}".`);
    // Never hand the IpcRendererEvent (it exposes `sender`) to the page: only the payload.
    const wrapped = (_e: IpcRendererEvent, payload: unknown): void => listener(payload);
    ipcRenderer.on(channel, wrapped);
    return () => {
      ipcRenderer.removeListener(channel, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('pmu', bridge);

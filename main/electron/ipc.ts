/**
 * Registration of every contract call on Electron IPC (`ipcMain.handle('pmu:<name>')`), generated from
 * contract/index.ts, with a sender check: only the main frame of our own window, showing our app:// page, may
 * call. Anything else gets a FORBIDDEN reply and is never dispatched.
 * Pattern: GitHub Desktop `trusted-ipc-sender.ts`, Electron Fiddle `src/main/ipc.ts`.
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { callNames, ipcCallChannel, type CallReply } from '../../contract';
import type { Dispatch } from '../api/dispatch';
import { isAppUrl } from './app-protocol';

const FORBIDDEN: CallReply = {
  ok: false,
  error: { code: 'FORBIDDEN', message: 'This request did not come from the workstation window and was refused.' },
};

/** True when the call comes from `trusted`'s main frame showing the app:// UI. */
export function isTrustedSender(event: IpcMainInvokeEvent, trusted: WebContents | null): boolean {
  if (trusted === null || trusted.isDestroyed() || event.sender.id !== trusted.id) return false;
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && isAppUrl(frame.url);
}

/** The sign-in channel of a window: one signed-in user per window (main/auth/access-control.ts). */
export function desktopChannel(contents: Pick<WebContents, 'id'>): string {
  return `desktop:${contents.id}`;
}

/**
 * Register `pmu:<name>` for every call of the contract. `trusted()` returns the window's web contents (or null
 * when it is closed). Each call is dispatched as the caller `desktop:<web contents id>` (the main process is
 * trusted; the window's signed-in user is found from that channel). Returns a function that removes the handlers.
 */
export function registerIpc(dispatch: Dispatch, trusted: () => WebContents | null): () => void {
  for (const name of callNames) {
    ipcMain.handle(ipcCallChannel(name), async (event, args: unknown) =>
      isTrustedSender(event, trusted()) ? dispatch(name, args, { channel: desktopChannel(event.sender) }) : FORBIDDEN,
    );
  }
  return () => {
    for (const name of callNames) ipcMain.removeHandler(ipcCallChannel(name));
  };
}

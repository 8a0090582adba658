/**
 * Electron main process of the desktop app (bundled to dist/main/electron-main.cjs; `electron` stays external).
 * Thin: opens the store (createAppContext) with the installation key protected by Electron safeStorage (the OS key
 * store; main/secrets/key-provider.ts), registers the contract's IPC calls (ipc.ts) with the app's sign-in state
 * (one signed-in user per window, ended when the window closes) and shows one window
 * locked down per the Electron security checklist: context isolation, sandbox, no node integration, web security,
 * strict CSP over app:// (app-protocol.ts), no navigation, no new windows, no webviews, no permissions.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, safeStorage, session } from 'electron';
import { ipcEventChannel } from '../../contract';
import { AccessControl } from '../auth/access-control';
import { mayReceive } from '../auth/event-scope';
import { createDispatcher } from '../api/dispatch';
import { createAppCollector } from '../services/collection';
import { collectionProgressAudience } from '../auth/event-scope';
import { createHandlers, type EmitEvent } from '../api/handlers';
import { printHtml } from './print';
import { realServices } from '../api/real-services';
import { createFolderWatcher } from '../api/watching';
import { safeStorageKeyProvider } from '../secrets/key-provider';
import { createAppContext } from '../services/app-context';
import type { AppContext } from '../core/context';
import { closeAbandonedAtStart } from '../services/program-records';
import { APP_ORIGIN, registerAppScheme, serveAppProtocol } from './app-protocol';
import { desktopChannel, registerIpc } from './ipc';

/** This bundle lives in dist/main/; the UI in dist/renderer/, the preload in dist/preload/. */
const here = path.dirname(fileURLToPath(import.meta.url));
const RENDERER_DIR = path.resolve(here, '../renderer');
const PRELOAD = path.resolve(here, '../preload/index.cjs');

let window: BrowserWindow | null = null;

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: 'PMU Workstation',
    backgroundColor: '#f4f5f7',
    webPreferences: {
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      devTools: !app.isPackaged,
    },
  });
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (window === win) window = null;
  });
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}

/** Every web contents: no navigation away, no pop-ups, no <webview>. */
function lockDownWebContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (e) => e.preventDefault());
    contents.on('will-redirect', (e) => e.preventDefault());
    contents.on('will-attach-webview', (e) => e.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

async function start(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    // One workstation per computer: two would fight over the same probe (serial port) and store.
    app.quit();
    return;
  }
  registerAppScheme();
  lockDownWebContents();
  await app.whenReady();

  let ctx: AppContext;
  try {
    const base = createAppContext();
    // Meter passwords and the audit-signing key are sealed with a data key the OS key store protects.
    ctx = { ...base, keys: safeStorageKeyProvider(safeStorage, path.dirname(path.resolve(base.dbPath))) };
  } catch (err) {
    dialog.showErrorBox('PMU Workstation cannot start', err instanceof Error ? err.message : String(err));
    app.quit();
    return;
  }
  // Programming jobs a stopped workstation left running: failed, their staged programs partially programmed.
  closeAbandonedAtStart(ctx);
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  serveAppProtocol(RENDERER_DIR);

  // The window gets only the events its signed-in user may see (main/auth/event-scope.ts); nothing before sign-in.
  const emit: EmitEvent = (event, payload, audience) => {
    if (window && !window.isDestroyed() && mayReceive(access, ctx.db, desktopChannel(window.webContents), audience)) window.webContents.send(ipcEventChannel(event), payload);
  };
  const access = new AccessControl(ctx);
  // The app's one folder watcher over the store's watched folders, for the app's lifetime.
  const watcher = createFolderWatcher(ctx, emit);
  // The app's collector follows the collection schedules while the window is open (issue 14).
  const collector = createAppCollector(ctx, { onProgress: (p) => emit('collectionProgress', p, collectionProgressAudience(p)) });
  collector.follow(30_000, 'workstation');
  const handlers = createHandlers(ctx, {
    collector,
    mode: 'desktop',
    services: realServices,
    emit,
    watcher,
    print: printHtml,
    chooseFolder: async () => {
      const options = { title: 'Folder to watch for reading files', properties: ['openDirectory' as const] };
      const picked = window && !window.isDestroyed() ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      return picked.canceled ? null : (picked.filePaths[0] ?? null);
    },
    // "Save as…" for exports (settings file, schemes, meter list): the user picks the place; the window sends no path.
    chooseSaveFile: async (suggestedName) => {
      const options = { title: 'Save the export as', defaultPath: suggestedName };
      const picked = window && !window.isDestroyed() ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
      return picked.canceled || !picked.filePath ? null : picked.filePath;
    },
  });
  registerIpc(createDispatcher(handlers, { access }), () => (window && !window.isDestroyed() ? window.webContents : null));

  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('window-all-closed', () => app.quit());
  let closing = false;
  app.on('will-quit', (event) => {
    if (closing) return;
    // Let running folder scans finish (each file is one transaction) before the store closes.
    closing = true;
    event.preventDefault();
    void Promise.resolve(watcher.stop()).finally(() => {
      ctx.db.close();
      app.quit();
    });
  });
  watcher.start();
  window = createWindow();
  // Closing the window signs its user out (a new window starts signed out).
  const channel = desktopChannel(window.webContents);
  window.on('closed', () => access.forget(channel));
}

void start();

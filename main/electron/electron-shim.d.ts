/**
 * Minimal type declarations of the parts of Electron's API the desktop entry points use
 * (main/electron/*.ts and preload/index.ts).
 *
 * Why this file exists: `electron` is an optionalDependency whose postinstall downloads the Electron binary;
 * where that download is refused (CI boxes, this build machine) npm drops the whole package, and with it the
 * `electron.d.ts` types — yet these files must still type-check (`npx tsc -p tsconfig.json`). The declarations
 * below copy the signatures of Electron 38's own typings for exactly what we call. When the real package is
 * installed its declarations merge with these (same names, same types), so this file is harmless there.
 * Source: Electron 38 API docs (app, BrowserWindow, WebContents, ipcMain, protocol, session, safeStorage, dialog incl. showOpenDialog,
 * contextBridge, ipcRenderer).
 */
declare module 'electron' {
  interface ElectronEvent {
    preventDefault(): void;
  }

  export interface WebFrameMain {
    readonly url: string;
    /** Null for a top-level (main) frame. */
    readonly parent: WebFrameMain | null;
  }

  export interface WebContents {
    readonly id: number;
    readonly mainFrame: WebFrameMain;
    send(channel: string, ...args: unknown[]): void;
    isDestroyed(): boolean;
    on(event: 'will-navigate' | 'will-redirect' | 'will-attach-webview', listener: (event: ElectronEvent, ...args: any[]) => void): this;
    setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' } | { action: 'allow' }): void;
    /** Print the page (Electron WebContents.print: options, then callback(success, failureReason)). */
    print(options: { silent?: boolean; printBackground?: boolean; landscape?: boolean }, callback: (success: boolean, failureReason: string) => void): void;
  }

  export interface WebPreferences {
    preload?: string;
    contextIsolation?: boolean;
    sandbox?: boolean;
    nodeIntegration?: boolean;
    nodeIntegrationInWorker?: boolean;
    nodeIntegrationInSubFrames?: boolean;
    webSecurity?: boolean;
    allowRunningInsecureContent?: boolean;
    webviewTag?: boolean;
    spellcheck?: boolean;
    devTools?: boolean;
    javascript?: boolean;
  }

  export interface BrowserWindowConstructorOptions {
    width?: number;
    height?: number;
    minWidth?: number;
    minHeight?: number;
    show?: boolean;
    title?: string;
    backgroundColor?: string;
    webPreferences?: WebPreferences;
  }

  export class BrowserWindow {
    constructor(options?: BrowserWindowConstructorOptions);
    readonly webContents: WebContents;
    loadURL(url: string): Promise<void>;
    show(): void;
    focus(): void;
    restore(): void;
    isMinimized(): boolean;
    isDestroyed(): boolean;
    destroy(): void;
    once(event: 'ready-to-show', listener: () => void): this;
    on(event: 'closed', listener: () => void): this;
  }

  export interface IpcMainInvokeEvent {
    readonly sender: WebContents;
    readonly senderFrame: WebFrameMain | null;
  }

  export interface IpcMain {
    handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: any[]) => Promise<unknown> | unknown): void;
    removeHandler(channel: string): void;
  }
  export const ipcMain: IpcMain;

  export interface App {
    readonly isPackaged: boolean;
    whenReady(): Promise<void>;
    quit(): void;
    requestSingleInstanceLock(): boolean;
    on(event: 'window-all-closed' | 'second-instance', listener: () => void): this;
    on(event: 'will-quit', listener: (event: ElectronEvent) => void): this;
    on(event: 'web-contents-created', listener: (event: ElectronEvent, contents: WebContents) => void): this;
  }
  export const app: App;

  export interface CustomScheme {
    scheme: string;
    privileges?: { standard?: boolean; secure?: boolean; supportFetchAPI?: boolean; corsEnabled?: boolean };
  }
  export interface Protocol {
    registerSchemesAsPrivileged(customSchemes: CustomScheme[]): void;
    handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void;
  }
  export const protocol: Protocol;

  export interface Session {
    setPermissionRequestHandler(
      handler: ((webContents: WebContents, permission: string, callback: (permissionGranted: boolean) => void) => void) | null,
    ): void;
    setPermissionCheckHandler(handler: ((webContents: WebContents | null, permission: string) => boolean) | null): void;
  }
  export const session: { readonly defaultSession: Session };

  export interface OpenDialogOptions {
    title?: string;
    defaultPath?: string;
    properties?: ('openFile' | 'openDirectory' | 'multiSelections' | 'showHiddenFiles' | 'createDirectory')[];
  }
  export interface OpenDialogReturnValue {
    canceled: boolean;
    filePaths: string[];
  }
  export interface SaveDialogOptions {
    title?: string;
    defaultPath?: string;
    filters?: { name: string; extensions: string[] }[];
  }
  export interface SaveDialogReturnValue {
    canceled: boolean;
    filePath?: string;
  }
  export const dialog: {
    showErrorBox(title: string, content: string): void;
    showSaveDialog(window: BrowserWindow, options: SaveDialogOptions): Promise<SaveDialogReturnValue>;
    showSaveDialog(options: SaveDialogOptions): Promise<SaveDialogReturnValue>;
    showOpenDialog(window: BrowserWindow, options: OpenDialogOptions): Promise<OpenDialogReturnValue>;
    showOpenDialog(options: OpenDialogOptions): Promise<OpenDialogReturnValue>;
  };

  export interface IpcRendererEvent {
    readonly sender: unknown;
  }
  export interface IpcRenderer {
    invoke(channel: string, ...args: unknown[]): Promise<any>;
    on(channel: string, listener: (event: IpcRendererEvent, ...args: any[]) => void): this;
    removeListener(channel: string, listener: (...args: any[]) => void): this;
  }
  export const ipcRenderer: IpcRenderer;

  export const contextBridge: { exposeInMainWorld(apiKey: string, api: any): void };

  /** OS-backed encryption of small secrets (DPAPI, Keychain, libsecret/kwallet); usable after app ready. */
  export interface SafeStorage {
    isEncryptionAvailable(): boolean;
    encryptString(plainText: string): Buffer;
    decryptString(encrypted: Buffer): string;
  }
  export const safeStorage: SafeStorage;
}

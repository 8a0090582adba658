/**
 * Printing a report from the desktop app (issue 15 item 4): the report's print page (main/reports/render-html.ts) is
 * loaded into a hidden window without scripts, preload or node, and Electron's WebContents.print opens the system
 * print dialog (Electron API: BrowserWindow, WebContents.print). The window is destroyed afterwards.
 */
import { BrowserWindow } from 'electron';

/** Print `html` (title `title`); resolves true when printed, false when the user cancelled or printing failed. */
export async function printHtml(html: string, title: string): Promise<boolean> {
  const win = new BrowserWindow({
    show: false,
    title,
    webPreferences: { javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true, devTools: false },
  });
  try {
    await win.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
    return await new Promise<boolean>((resolve) => win.webContents.print({ silent: false, printBackground: true, landscape: true }, (ok) => resolve(ok)));
  } finally {
    if (!win.isDestroyed()) win.destroy();
  }
}

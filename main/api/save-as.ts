/**
 * Where an export ends up for the user (issue 16 item 4, "export anywhere"): always written first into the export
 * folder of the settings (atomically, by the service); then, when the user asked to choose the place (`saveAs`) in the
 * desktop app, copied where the native "Save as" dialog of the thin Electron shell says — the window never sends a path;
 * in browser mode the browser's own download does that job (a download link). Shared by the handler files.
 */
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { toStoreError } from '../core/errors';
import { ApiError } from './errors';
import { writtenFile, type OfferDownload } from './events';

/** Desktop app: the native "Save as" dialog; resolves to the chosen path, or null when cancelled. */
export type ChooseSaveFile = (suggestedName: string) => Promise<string | null>;

/** How a written export is handed over. */
export interface DeliverOptions {
  readonly offerDownload?: OfferDownload | undefined;
  readonly chooseSaveFile?: ChooseSaveFile | undefined;
  /** The user asked where to save it (desktop). */
  readonly saveAs?: boolean | undefined;
}

/**
 * The written file `file` (offered as `fileName`) as the contract shows it, after the "Save as" copy when asked for.
 * @throws ApiError CANCELLED when the user closed the dialog (the file stays in the export folder, and says so);
 *   StoreError when the copy cannot be written.
 */
export async function deliverExport(file: string, fileName: string, o: DeliverOptions): Promise<{ path: string; fileName: string; downloadUrl: string | null }> {
  if (!o.saveAs || !o.chooseSaveFile) return writtenFile(file, fileName, o.offerDownload);
  const chosen = await o.chooseSaveFile(fileName);
  if (chosen === null) throw new ApiError('CANCELLED', `Not saved elsewhere; the file is in the export folder: ${file}`);
  try {
    await copyFile(file, chosen);
  } catch (err) {
    throw toStoreError(err, chosen, 'save the file there');
  }
  return { path: chosen, fileName: path.basename(chosen), downloadUrl: null };
}

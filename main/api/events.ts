/**
 * Events from main to the UI (contract `events`): the one emitter type every handler file, the folder watcher and
 * both transports share (IPC to the window in the desktop app, SSE in browser mode). At the bottom of main/api so
 * handler files never import each other for it.
 */
import type { ContractEvents, EventName } from '../../contract';
import type { EventAudience } from '../auth/event-scope';

/**
 * Sends one contract event to the UI, only to the receivers its `audience` allows (main/auth/event-scope.ts: the
 * caller's own jobs; background events by permission and meter scope; nothing before sign-in).
 */
export type EmitEvent = <E extends EventName>(event: E, payload: ContractEvents[E], audience: EventAudience) => void;

/** Browser mode: register `file` for download as `fileName` and return its relative URL (absent on the desktop). */
export type OfferDownload = (file: string, fileName: string) => string;

/** A written file as the contract shows it: disk path, the name to save it as, and the download link (browser mode). */
export function writtenFile(file: string, fileName: string, offerDownload: OfferDownload | undefined): { path: string; fileName: string; downloadUrl: string | null } {
  return { path: file, fileName, downloadUrl: offerDownload ? offerDownload(file, fileName) : null };
}

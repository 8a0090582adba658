/**
 * May a folder be used for the workstation's files? `checkFolder` answers in plain words: the path must be absolute
 * for the computer it runs on — on Windows a drive path (`D:\Meter data`, a mapped network drive `Z:\RES`) or a network
 * share (`\\server\share\RES`, UNC); elsewhere `/…` — and the folder must exist, be a folder, and take a new file (a
 * probe file is created and removed: on network shares and Windows ACLs only a real write tells). A share that does not
 * answer within {@link FOLDER_CHECK_TIMEOUT_MS} is refused rather than waited for. Sources: Microsoft, "Naming Files,
 * Paths, and Namespaces" (fully qualified paths: drive + backslash, or UNC `\\server\share`).
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { open, stat, unlink } from 'node:fs/promises';
import path from 'node:path';

/** Longest wait for a folder (a network share may hang), ms. */
export const FOLDER_CHECK_TIMEOUT_MS = 10_000;

/** The verdict on a folder. */
export interface FolderCheck {
  readonly ok: boolean;
  /** "The folder can be used." or what is wrong and what to do. */
  readonly message: string;
}

/** Windows: drive + backslash (`C:\`, a mapped `Z:\`) or UNC `\\server\share[\…]` (also `\\?\` long forms). */
const WIN_DRIVE = /^[A-Za-z]:[\\/]/;
const WIN_UNC = /^[\\/]{2}[^\\/?*:"<>|]+[\\/][^\\/?*:"<>|]+/;

/**
 * The syntax check alone (no disk access): null when `dir` is an absolute folder path for `platform`, else the plain
 * reason. Exported for the Settings screen's live check and for tests of Windows paths on any machine.
 */
export function folderPathProblem(dir: string, platform: NodeJS.Platform = process.platform): string | null {
  if (dir.trim() === '') return 'Enter a folder.';
  if (platform === 'win32') {
    if (WIN_DRIVE.test(dir) || WIN_UNC.test(dir) || /^\\\\\?\\/.test(dir)) return null;
    if (/^[A-Za-z]:($|[^\\/])/.test(dir)) return `"${dir}" names a drive but not a folder from its top: write it as ${dir.slice(0, 2)}\\${dir.slice(2)}.`;
    return `"${dir}" is not a full folder path: write it with the drive (D:\\Meter data) or as a network share (\\\\server\\share\\folder).`;
  }
  if (!dir.startsWith('/')) return `"${dir}" is not a full folder path: write it from the top, e.g. /srv/meter-data.`;
  return null;
}

function withTimeout<T>(work: Promise<T>, ms: number, dir: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`no answer from ${dir}`), { code: 'ETIMEDOUT' })), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

function reason(dir: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return `The folder "${dir}" does not exist (or the network share is not connected). Create it first, or choose another.`;
  if (code === 'ENOTDIR') return `"${dir}" is a file, not a folder.`;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return `The folder "${dir}" cannot be written: it is read-only, or you have no permission to write there.`;
  if (code === 'ENOSPC') return `The disk holding "${dir}" is full.`;
  if (code === 'ETIMEDOUT') return `The folder "${dir}" did not answer within ${FOLDER_CHECK_TIMEOUT_MS / 1000} s (a network share that is not reachable?).`;
  return `The folder "${dir}" cannot be used (${code ?? (err as Error).message}).`;
}

async function probeWrite(dir: string): Promise<void> {
  const probe = path.join(dir, `.pmu-write-check-${randomBytes(6).toString('hex')}.tmp`);
  const fh = await open(probe, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY);
  try {
    await fh.writeFile('pmu');
  } finally {
    await fh.close();
    await unlink(probe).catch(() => undefined);
  }
}

/** Check `dir` (see the file comment). Never throws. */
export async function checkFolder(dir: string, opts: { platform?: NodeJS.Platform; timeoutMs?: number } = {}): Promise<FolderCheck> {
  const problem = folderPathProblem(dir, opts.platform);
  if (problem) return { ok: false, message: problem };
  try {
    await withTimeout(
      (async () => {
        const info = await stat(dir);
        if (!info.isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
        await probeWrite(dir);
      })(),
      opts.timeoutMs ?? FOLDER_CHECK_TIMEOUT_MS,
      dir,
    );
    return { ok: true, message: `The folder "${dir}" can be used.` };
  } catch (err) {
    return { ok: false, message: reason(dir, err) };
  }
}

/**
 * Check that `dir` is an absolute path of an existing folder — without the write probe: for folders the workstation
 * only reads (the allowed watch locations, `watch.allowedRoots`). Never throws.
 */
export async function checkFolderExists(dir: string, opts: { platform?: NodeJS.Platform; timeoutMs?: number } = {}): Promise<FolderCheck> {
  const problem = folderPathProblem(dir, opts.platform);
  if (problem) return { ok: false, message: problem };
  try {
    const info = await withTimeout(stat(dir), opts.timeoutMs ?? FOLDER_CHECK_TIMEOUT_MS, dir);
    if (!info.isDirectory()) return { ok: false, message: reason(dir, Object.assign(new Error('not a folder'), { code: 'ENOTDIR' })) };
    return { ok: true, message: `The folder "${dir}" exists.` };
  } catch (err) {
    return { ok: false, message: reason(dir, err) };
  }
}

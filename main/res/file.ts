/**
 * Writing and reading .RES files on disk. Writes are atomic (temporary file in the same folder, fsync,
 * rename) so a crash or power cut leaves either the complete file or none, and never replace a different
 * existing file. Format: docs/res-format.md (./codec.ts).
 */
import { signResText, type ResSigner } from './signature';
import { constants } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import type { ReadingResult } from '../../protocol/reading';
import { toStoreError } from '../core/errors';
import { formatRes, parseRes } from './codec';
import { ResFormatError } from './errors';

/** Characters Windows refuses in file names, plus control characters. */
const UNSAFE = /[<>:"/\\|?*\u0000-\u001f\u007f]/g;
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/**
 * The default file name of a reading: `<serial or manufacturer-model>_<startedUtc as YYYYMMDDTHHMMSSZ>.RES`,
 * e.g. `12345678_20260329T001000Z.RES`. Made safe for Windows: characters `<>:"/\|?*` and control
 * characters become `_`, trailing dots/spaces are dropped, reserved device names (CON, NUL, COM1…) get a
 * leading `_`, and the meter part is cut to 80 characters.
 */
export function defaultResName(r: ReadingResult): string {
  const who = r.meter.serial !== null && r.meter.serial.trim() !== '' ? r.meter.serial : `${r.meter.manufacturer}-${r.meter.model}`;
  let safe = who.replace(UNSAFE, '_').trim().slice(0, 80).replace(/[. ]+$/, '');
  if (safe === '') safe = 'meter';
  if (RESERVED.test(safe)) safe = `_${safe}`;
  const when = r.session.startedUtc.replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '');
  return `${safe}_${when.replace(UNSAFE, '_')}.RES`;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function sameContent(path: string, content: Buffer): Promise<boolean> {
  try {
    return (await readFile(path)).equals(content);
  } catch {
    return false;
  }
}

/**
 * Writes `r` as a .RES file and returns the path written. `target` is either the file to write (a path ending
 * in `.RES`, any case) or a folder (created when missing) where {@link defaultResName} is used.
 * Never overwrites a different file: when the name is taken, `-2`, `-3`… is added before the extension; when
 * the existing file has exactly this content, its path is returned without writing.
 * Atomic: `<name>.tmp` is written in the same folder, flushed to disk (fsync), then renamed. With `opts.signer` the
 * file is signed with the installation key (./signature.ts).
 * Throws RangeError when the reading cannot be written as .RES (see formatRes), StoreError (READ_ONLY,
 * DISK_FULL, CANNOT_OPEN) for file-system failures; the temporary file is removed on failure.
 */
export async function writeResFile(r: ReadingResult, target: string, opts: { signer?: ResSigner | null } = {}): Promise<string> {
  const text = formatRes(r);
  const content = Buffer.from(opts.signer ? signResText(text, opts.signer) : text, 'utf8');
  const isFile = extname(target).toLowerCase() === '.res';
  const dir = isFile ? dirname(target) : target;
  const name = isFile ? basename(target) : defaultResName(r);
  try {
    await mkdir(dir, { recursive: true });
  } catch (err) {
    throw toStoreError(err, dir, 'create the folder for the .RES file');
  }
  const ext = extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let n = 1; ; n++) {
    const path = join(dir, n === 1 ? name : `${stem}-${n}${ext}`);
    if (await exists(path)) {
      if (await sameContent(path, content)) return path;
      continue;
    }
    await writeAtomically(path, content);
    return path;
  }
}

async function writeAtomically(path: string, content: Buffer): Promise<void> {
  const tmp = `${path}.tmp`;
  try {
    const fh = await open(tmp, constants.O_CREAT | constants.O_TRUNC | constants.O_WRONLY);
    try {
      await fh.writeFile(content);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw toStoreError(err, path, 'write the .RES file');
  }
  await syncDir(dirname(path));
}

/** Flushes the folder entry of the rename (POSIX); not possible on Windows, where it is skipped. */
async function syncDir(dir: string): Promise<void> {
  try {
    const fh = await open(dir, constants.O_RDONLY);
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    // Windows cannot open a folder as a file; the rename is already durable enough there (NTFS journal).
  }
}

/**
 * Reads and checks a .RES file. Throws ResFormatError (message naming the file and line) when the content is
 * not a valid .RES file, including `not-utf8` when it is not UTF-8 text; a plain Error when it cannot be read.
 */
export async function readResFile(path: string): Promise<ReadingResult> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'it does not exist (check the name and folder)' : code === 'EISDIR' ? 'it is a folder' : `of a file-system error (${code ?? String(err)})`;
    throw new Error(`The .RES file "${path}" cannot be opened because ${why}.`, { cause: err });
  }
  try {
    return parseRes(decodeUtf8(bytes));
  } catch (err) {
    if (err instanceof ResFormatError) throw err.withFile(path);
    throw err;
  }
}

/** Strict UTF-8 decoding; ResFormatError `not-utf8` with the line of the first bad byte sequence. */
function decodeUtf8(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    let line = 1;
    let start = 0;
    for (let i = 0; i <= bytes.length; i++) {
      if (i === bytes.length || bytes[i] === 0x0a) {
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start, i));
        } catch {
          break;
        }
        line++;
        start = i + 1;
      }
    }
    throw new ResFormatError('not-utf8', line, 'the file is not UTF-8 text: it was damaged, or saved by an editor in another encoding.');
  }
}

/**
 * An export file written atomically: the content goes to `<name>.tmp` in the same folder in chunks, is
 * flushed to disk (fsync) and renamed over `<name>` on commit, so a crash, a full disk or a failed export
 * leaves either the complete new file or the old one (or none), never a part. An existing file of that
 * name is replaced (the user chose the name).
 */
import { constants } from 'node:fs';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { toStoreError } from './errors';

/** One file being written; {@link AtomicFile.create}, `write`…, then `commit` or `abort`. */
export class AtomicFile {
  private constructor(
    readonly path: string,
    private readonly tmp: string,
    private fh: FileHandle | null,
  ) {}

  /**
   * Creates the folder when missing and opens `<path>.tmp`.
   * @throws StoreError (READ_ONLY, DISK_FULL, CANNOT_OPEN) naming the file.
   */
  static async create(path: string): Promise<AtomicFile> {
    const tmp = `${path}.tmp`;
    try {
      await mkdir(dirname(path), { recursive: true });
      return new AtomicFile(path, tmp, await open(tmp, constants.O_CREAT | constants.O_TRUNC | constants.O_WRONLY));
    } catch (err) {
      throw toStoreError(err, path, 'write the export file');
    }
  }

  /** Appends text (UTF-8) or bytes. @throws StoreError; the temporary file is removed. */
  async write(chunk: string | Uint8Array): Promise<void> {
    if (this.fh === null) throw new Error(`The export file "${this.path}" is already closed.`);
    try {
      await this.fh.write(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
    } catch (err) {
      await this.abort();
      throw toStoreError(err, this.path, 'write the export file');
    }
  }

  /** Flushes, closes and renames the temporary file to `path`. @throws StoreError; the temporary file is removed. */
  async commit(): Promise<void> {
    const fh = this.fh;
    if (fh === null) throw new Error(`The export file "${this.path}" is already closed.`);
    try {
      await fh.sync();
      await fh.close();
      this.fh = null;
      await rename(this.tmp, this.path);
    } catch (err) {
      await this.abort();
      throw toStoreError(err, this.path, 'write the export file');
    }
  }

  /** Closes and deletes the temporary file; `path` is left as it was. Never throws. */
  async abort(): Promise<void> {
    const fh = this.fh;
    this.fh = null;
    await fh?.close().catch(() => undefined);
    await rm(this.tmp, { force: true }).catch(() => undefined);
  }
}

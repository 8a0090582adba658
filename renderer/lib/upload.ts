/**
 * Preparing dropped or chosen files for `importFiles`: base64 of their bytes (the contract carries JSON), and
 * batches whose total stays under the contract's per-call limit (contract/files.ts MAX_UPLOAD_BYTES).
 * Pure functions (no DOM), so they are unit-tested under node.
 */
import { MAX_UPLOAD_BYTES } from '../../contract';

/** Standard base64 (RFC 4648, padded) of `bytes`, built in 32 KiB slices so large files do not overflow the stack. */
export function toBase64(bytes: Uint8Array): string {
  const SLICE = 0x8000;
  let binary = '';
  for (let i = 0; i < bytes.length; i += SLICE) {
    binary += String.fromCharCode(...bytes.subarray(i, i + SLICE));
  }
  return btoa(binary);
}

/** Anything with a name and a byte size (a DOM File in the UI, plain objects in tests). */
export interface Sized {
  readonly name: string;
  readonly size: number;
}

/**
 * Split `items` into consecutive batches of at most `maxBytes` in all (default MAX_UPLOAD_BYTES) and at most
 * `maxFiles` files, keeping their order. Items larger than `maxBytes` on their own are returned in `tooLarge`
 * instead (they cannot be uploaded).
 */
export function batchBySize<T extends Sized>(items: readonly T[], maxBytes: number = MAX_UPLOAD_BYTES, maxFiles = 200): { batches: T[][]; tooLarge: T[] } {
  const batches: T[][] = [];
  const tooLarge: T[] = [];
  let current: T[] = [];
  let size = 0;
  for (const item of items) {
    if (item.size > maxBytes) {
      tooLarge.push(item);
      continue;
    }
    if (current.length > 0 && (size + item.size > maxBytes || current.length >= maxFiles)) {
      batches.push(current);
      current = [];
      size = 0;
    }
    current.push(item);
    size += item.size;
  }
  if (current.length > 0) batches.push(current);
  return { batches, tooLarge };
}

/** `12 345 678` bytes → `11.8 MB` (binary megabytes, one decimal). */
export function formatMegabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** True when the file is a CSV by its name (the column mapping may be needed). */
export function isCsvName(name: string): boolean {
  return /\.(csv|txt)$/i.test(name) && !/\.res$/i.test(name);
}

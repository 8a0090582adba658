/**
 * The .RES file of a reading just stored (docs/res-format.md), shared by the meter reading and listening
 * services: written (temp file + rename, main/res/file.ts) unless not wanted or the reading was a duplicate,
 * and its path recorded with the reading.
 */
import type { ReadingResult } from '../../protocol/reading';
import type { AppContext } from '../core/context';
import { resSignerOf } from '../audit/installation-signer';
import { writeResFile } from '../res/file';
import { fileLocations } from '../settings/locations';
import { setResPath } from '../store/readings';

/**
 * Write the .RES file of stored reading `saved` to `out` (a folder or file; default the RES folder; `false` =
 * none; the folder in force comes from the settings, main/settings/locations.ts). Returns its path, or null when none was written.
 * @throws Error (plain message) saying that the reading is stored but its file could not be written.
 */
export async function writeStoredRes(
  ctx: AppContext,
  result: ReadingResult,
  saved: { readonly readingId: number; readonly duplicate: boolean },
  out: string | false | undefined,
): Promise<string | null> {
  if (out === false || saved.duplicate) return null;
  try {
    // Signed with the installation key (issue 11.6) so an import elsewhere can tell who wrote it.
    const resPath = await writeResFile(result, out ?? fileLocations(ctx).resDir, { signer: resSignerOf(ctx) });
    setResPath(ctx.db, saved.readingId, resPath);
    return resPath;
  } catch (e) {
    throw new Error(`The reading was stored (number ${saved.readingId}), but its .RES file could not be written: ${(e as Error).message}`);
  }
}

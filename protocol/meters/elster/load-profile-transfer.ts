import { concatBytes } from '../../iec62056-21/control';
import { ElsterMeterError } from './errors';
import { type ElsterLoadProfile, decodeLoadProfile } from './load-profile';
import { ELSTER_DATA_IDS, LP_MARKERS } from './profile';
import type { ElsterSession } from './session';
import { unixBytes } from './unix-time';

/**
 * Reading the Elster load profile (ID 550) over an open ElsterSession.
 * Source: reference "Load profile encoding" (../shared/reference/elster-dialect.md): select what to read by
 * writing 551 = FFFF (everything) or 554 = from/to (two 4-byte LE Unix times), then read 550 by R1 packets of
 * 64 bytes or by RD blocks of 256 bytes (data stream mode, the fast way: "90 days in under 30 s").
 * ASSUMPTIONS (ELSTER_ASSUMPTIONS): reading 551 after a selection gives the number of 256-byte stream blocks
 * it holds (2 bytes LE); a meter that refuses that read, or answers 0 or FFFF, is streamed with n = FFFF and the
 * stream ends at its last (EOT) block. By R1 packets the data ends at a short packet, an ERR3 (packet beyond the
 * data) or once the bytes decode up to the FF end marker.
 * The selection and the read are one request: after a re-sign-on both are repeated.
 */

/** What to read: a UTC range (either bound may be null = open) or everything. */
export type LoadProfileSelection = { readonly fromUtc: string | null; readonly toUtc: string | null } | 'all';

/** Options of a load-profile read. */
export interface LoadProfileReadOptions {
  /** `stream` (RD, default) or `packets` (R1, 64 bytes each). */
  readonly method?: 'stream' | 'packets';
  /** Wire bytes to expect when known from elsewhere (e.g. the previous reading of this meter). */
  readonly expectedBytes?: number | null;
  /** Workstation time for an open `toUtc`, UTC ms; default Date.now. */
  readonly now?: () => number;
}

/** The load profile as read. */
export interface ElsterLoadProfileRead {
  /** The item's bytes (joined packets or stream blocks). */
  readonly bytes: Uint8Array;
  readonly profile: ElsterLoadProfile;
  /** Stream blocks the meter said the selection holds (551), or null when unknown. */
  readonly blocks: number | null;
}

/**
 * Rough size of a selection on the wire, for progress when the meter does not say: one E4 record per day and one
 * entry per capture period (status + 3 bytes per channel), in 256-byte blocks (+7 each) or 64-byte R1 answers
 * (hex: ×2, +5 each). Defaults: 30-minute period, 2 channels (an estimate, not a fact about the meter).
 */
export function estimateLoadProfileBytes(fromMs: number, toMs: number, method: 'stream' | 'packets', periodMin = 30, channels = 2): number {
  const spanMin = Math.max(0, toMs - fromMs) / 60_000;
  const data = Math.ceil(spanMin / 1440 + 1) * 8 + Math.ceil(spanMin / periodMin) * (1 + 3 * channels) + 5;
  return method === 'stream' ? data + Math.ceil(data / 256) * 7 : 2 * data + Math.ceil(data / 64) * 5;
}

/** True when `bytes` decode up to the FF end marker (checked only when the newest packet holds an FF byte). */
function endsWithMarker(bytes: Uint8Array, newest: number): boolean {
  if (bytes.subarray(bytes.length - newest).indexOf(LP_MARKERS.end) < 0) return false;
  try {
    return decodeLoadProfile(bytes).ended;
  } catch {
    return false;
  }
}

/**
 * Select and read the load profile, then decode it.
 * @throws ElsterMeterError, ElsterDataError (undecodable data), StreamCrcError, TransferInterruptedError
 *   ("after 1 480 of 2 304 bytes"), CANCELLED.
 */
export async function readElsterLoadProfile(es: ElsterSession, selection: LoadProfileSelection, o: LoadProfileReadOptions = {}): Promise<ElsterLoadProfileRead> {
  const method = o.method ?? 'stream';
  const nowMs = (o.now ?? Date.now)();
  const all = selection === 'all' || (selection.fromUtc === null && selection.toUtc === null);
  const fromMs = selection === 'all' || selection.fromUtc === null ? null : Date.parse(selection.fromUtc);
  const toMs = selection === 'all' || selection.toUtc === null ? nowMs : Date.parse(selection.toUtc);
  if ((fromMs !== null && Number.isNaN(fromMs)) || Number.isNaN(toMs)) throw new RangeError('the load profile range must be ISO 8601 instants');
  return es.run('load profile read', async () => {
    if (all) {
      await es.writeItem(ELSTER_DATA_IDS.loadProfileBlocks.id, Uint8Array.of(0xff, 0xff), 'load profile selection (551 = FFFF)');
    } else {
      const range = concatBytes(unixBytes(Math.floor((fromMs ?? 0) / 1000)), unixBytes(Math.floor(toMs / 1000)));
      await es.writeItem(ELSTER_DATA_IDS.loadProfileRange.id, range, 'load profile selection (554)');
    }
    let blocks: number | null = null;
    try {
      const b = await es.readItem(ELSTER_DATA_IDS.loadProfileBlocks.id, 2, 'load profile size (551)');
      const n = b[0]! | (b[1]! << 8);
      blocks = n > 0 && n < 0xffff ? n : null;
    } catch (e) {
      if (!(e instanceof ElsterMeterError)) throw e;
    }
    const estimate = o.expectedBytes ?? (fromMs === null ? null : estimateLoadProfileBytes(fromMs, toMs, method));
    const what = 'load profile (550)';
    const bytes =
      method === 'stream'
        ? await es.streamItem(ELSTER_DATA_IDS.loadProfile.id, blocks ?? 0xffff, what, blocks === null ? { expectedBytes: estimate } : {})
        : await es.readItemUntil(ELSTER_DATA_IDS.loadProfile.id, (b) => endsWithMarker(b, 64), what, blocks === null ? estimate : blocks * 256 * 2 + Math.ceil((blocks * 256) / 64) * 5);
    return { bytes, profile: decodeLoadProfile(bytes), blocks };
  });
}

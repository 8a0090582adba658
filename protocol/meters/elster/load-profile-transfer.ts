import { concatBytes } from '../../iec62056-21/control';
import { type LoadProfileSize, decodeLoadProfileSize, encodeLoadProfileDays } from './decoders';
import { type ElsterLoadProfile, decodeLoadProfile } from './load-profile';
import { decodeLpRecords } from './lp-codec';
import { type MeterZone, meterTimeBytes, utcMsToMeterSeconds } from './meter-time';
import type { ElsterModel } from './model';
import { LP_MARKERS, STREAM_BLOCK_BYTES } from './profile';
import type { ElsterSession } from './session';
import { STREAM_BLOCK_OVERHEAD } from './stream';

/**
 * Reading the Elster load profile (ID 550) over an open ElsterSession, with the flow the public driver proves for
 * each model (docs/elster-sources.md; never one model's flow sent to the other):
 * - A1140: everything = W1 551 FFFF (public:abba1140/ABBA1140Profile.java:136-137); a range = W1 554 from/to
 *   (public:abba1140/ABBA1140Profile.java:100-105);
 * - A1700: W1 551 = number of local days from…to + 1, or FFFF (public:abba1700/ABBA1700Profile.java:55-74);
 * - then R1 551 (4 bytes: 64-byte and 256-byte block counts, big-endian) and RD 550 with the 256-byte count, or on a
 *   7E1 line R1 550 by 64-byte packets (A1140 count64 packets, A1700 count64 + 1; public:abba1140/ABBA1140Profile.java:142-150,
 *   public:abba1700/ABBA1700Profile.java:76-85), the last packet padded; the stream's end is marked with FF by the client
 *   as the driver does (public:iec1107/FlagIEC1107Connection.java:1088).
 * W1 554 carries local seconds (the meter's time base) widened by 14 h on each side, so the selection covers the range
 * whether the meter reads them as local or as UTC seconds (the driver writes UTC seconds); intervals outside the range
 * are trimmed after decoding.
 */

/** What to read: a UTC range (either bound may be null = open) or everything. */
export type LoadProfileSelection = { readonly fromUtc: string | null; readonly toUtc: string | null } | 'all';

/** Options of a load-profile read. */
export interface LoadProfileReadOptions {
  /** `stream` (RD, default) or `packets` (R1, 64 bytes each). */
  readonly method?: 'stream' | 'packets';
  /** The meter's zone (times are local seconds). */
  readonly zone: MeterZone;
  /** Wire bytes to expect when known from elsewhere (progress). */
  readonly expectedBytes?: number | null;
  /** Workstation time for an open `toUtc`, UTC ms; default Date.now. */
  readonly now?: () => number;
}

/** The load profile as read. */
export interface ElsterLoadProfileRead {
  /** The item's bytes (joined packets or stream blocks, with the FF end marker). */
  readonly bytes: Uint8Array;
  readonly profile: ElsterLoadProfile;
  /** The 551 block counts of the selection, or null when the meter refused 551. */
  readonly size: LoadProfileSize | null;
}

/** Largest UTC offset of any zone, ms: the margin of a W1 554 range. */
const MARGIN_MS = 14 * 3_600_000;

/** Wire bytes of `data` bytes read as a stream (256-byte blocks + 7) or as R1 packets (hex ×2 + 5 per 64). */
export function wireBytes(data: number, method: 'stream' | 'packets'): number {
  return method === 'stream' ? data + Math.ceil(data / STREAM_BLOCK_BYTES) * STREAM_BLOCK_OVERHEAD : 2 * data + Math.ceil(data / 64) * 5;
}

/**
 * Select and read the load profile of `model`, then decode it and keep the intervals of the range.
 * @throws ElsterMeterError, ElsterDataError (undecodable data), StreamCrcError, TransferInterruptedError, CANCELLED;
 *   RangeError for a range that is not ISO 8601 instants.
 */
export async function readElsterLoadProfile(es: ElsterSession, model: ElsterModel, selection: LoadProfileSelection, o: LoadProfileReadOptions): Promise<ElsterLoadProfileRead> {
  const method = o.method ?? 'stream';
  const nowMs = (o.now ?? Date.now)();
  const all = selection === 'all' || (selection.fromUtc === null && selection.toUtc === null);
  const fromMs = selection === 'all' || selection.fromUtc === null ? null : Date.parse(selection.fromUtc);
  const toMs = selection === 'all' || selection.toUtc === null ? nowMs : Date.parse(selection.toUtc);
  if ((fromMs !== null && Number.isNaN(fromMs)) || Number.isNaN(toMs)) throw new RangeError('the load profile range must be ISO 8601 instants');
  return es.run('load profile read', async () => {
    if (all || fromMs === null) {
      await es.writeItem('551', encodeLoadProfileDays(0xffff), 'load profile selection (551 = FFFF)');
    } else if (model.lpSelection === 'range-554') {
      const from = utcMsToMeterSeconds(Math.max(0, fromMs - MARGIN_MS), o.zone);
      const to = utcMsToMeterSeconds(Math.min(toMs + MARGIN_MS, Math.max(toMs, nowMs)), o.zone);
      await es.writeItem('554', concatBytes(meterTimeBytes(from), meterTimeBytes(to)), 'load profile selection (554)');
    } else {
      const day = (ms: number) => Math.floor(utcMsToMeterSeconds(ms, o.zone) / 86_400);
      const days = Math.min(0xfffe, day(nowMs) - day(fromMs) + 1);
      await es.writeItem('551', encodeLoadProfileDays(Math.max(1, days)), `load profile selection (551 = ${days} days)`);
    }
    let size: LoadProfileSize | null = null;
    try {
      size = decodeLoadProfileSize(await es.readItem('551', 4, 'load profile size (551)'));
    } catch (e) {
      if (!(e instanceof Error && 'elsterCode' in e)) throw e;
    }
    const what = 'load profile (550)';
    const layout = { mask: model.lpChannelMask, values: model.lpValueEncoding, extendedStatus: model.lpExtendedStatus };
    const ended = (b: Uint8Array) => {
      try {
        return decodeLpRecords(b, layout).ended;
      } catch {
        return false;
      }
    };
    let data: Uint8Array;
    if (method === 'stream') {
      const blocks = size?.blocks256 ?? 0xffff;
      const expected = size ? wireBytes(blocks * STREAM_BLOCK_BYTES, 'stream') : (o.expectedBytes ?? null);
      data = blocks === 0 ? new Uint8Array(0) : await es.streamItem('550', blocks, what, { expectedBytes: expected });
      data = concatBytes(data, Uint8Array.of(LP_MARKERS.end));
    } else {
      const packets = size ? size.blocks64 + (model.family === 'A1700' ? 1 : 0) : null;
      data = packets === null
        ? await es.readItemUntil('550', ended, what, o.expectedBytes ?? null)
        : packets === 0 ? Uint8Array.of(LP_MARKERS.end) : await es.readItem('550', packets * 64, what);
    }
    const decoded = decodeLoadProfile(data, layout, o.zone);
    const keep = decoded.intervals.filter((iv) => (fromMs === null || Date.parse(iv.endUtc) > fromMs) && (all || Date.parse(iv.startUtc) < toMs));
    return { bytes: data, profile: { ...decoded, intervals: keep }, size };
  });
}

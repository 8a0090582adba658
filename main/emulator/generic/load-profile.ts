import type { LoadProfileChannel } from '../../../protocol/reading';
import type { LoadProfileAnswerBlock } from '../../../protocol/iec62056-21/load-profile';
import { SLOT_MS } from '../consumption';
import type { MeterEnergy } from '../meter-energy';
import type { ZoneClock } from '../zone-clock';

/**
 * The emulated meter's load profile P.01: 15-minute capture period, two channels of energy per period.
 * An entry is captured at the END of its period (DLMS profile generic semantics, as in load-profile.ts), so the
 * entry "captured 10:15" holds the energy of 10:00–10:15. Its season (header digit z) and the summer-time status
 * bit come from the meter's zone at the capture instant.
 *
 * Status word (2 hex digits, per block; this emulator's own bit layout, modelled on common EMH/L+G usage):
 * - 0x01 power failure: supply was lost during this period (the first entry after a power failure)
 * - 0x02 clock set (not produced yet)
 * - 0x04 data not valid (not produced yet)
 * - 0x08 summer time (DST) in force
 * Periods whose capture instant falls in the power failure are not captured (a gap in the profile).
 * A new block (header line) starts at every change of status or season and after every gap.
 */

/** Status bits of the emulator's load profile (see the module comment). */
export const LP_STATUS = { POWER_FAILURE: 0x01, CLOCK_SET: 0x02, DATA_INVALID: 0x04, SUMMER_TIME: 0x08 } as const;

/** Capture period of P.01, minutes. */
export const LP_PERIOD_MINUTES = 15;

/** Channels of P.01: active energy import and export per capture period, kWh (OBIS 1.29.0 / 2.29.0). */
export const LP_CHANNELS: readonly LoadProfileChannel[] = [
  { obis: '1.29.0', unit: 'kWh' },
  { obis: '2.29.0', unit: 'kWh' },
];

/** One captured entry. */
export interface ProfileEntry {
  /** Capture instant = end of the period, UTC ms. */
  readonly endUtcMs: number;
  readonly status: number;
  /** Season digit of the capture instant: 0 normal time, 1 summer time. */
  readonly season: 0 | 1;
  /** Active import and export of the period, kWh. */
  readonly importKwh: number;
  readonly exportKwh: number;
}

/**
 * Entries whose capture instant lies in [fromUtcMs, toUtcMs] (inclusive), restricted to what the meter holds:
 * capture instants from `firstEndUtcMs` to `lastEndUtcMs` (both on 15-minute boundaries). Oldest first.
 */
export function profileEntries(
  energy: MeterEnergy,
  clock: ZoneClock,
  holds: { firstEndUtcMs: number; lastEndUtcMs: number },
  fromUtcMs: number | null,
  toUtcMs: number | null,
): ProfileEntry[] {
  const lo = Math.max(holds.firstEndUtcMs, Math.ceil((fromUtcMs ?? -Infinity) / SLOT_MS) * SLOT_MS);
  const hi = Math.min(holds.lastEndUtcMs, toUtcMs ?? Infinity);
  const out: ProfileEntry[] = [];
  const outage = energy.outage;
  for (let end = lo; end <= hi; end += SLOT_MS) {
    if (!energy.powered(end)) continue;
    const l = clock.local(end);
    let status = l.dst ? LP_STATUS.SUMMER_TIME : 0;
    if (outage && outage.startUtcMs < end && outage.endUtcMs > end - SLOT_MS) status |= LP_STATUS.POWER_FAILURE;
    const e = energy.between(end - SLOT_MS, end);
    out.push({ endUtcMs: end, status, season: l.dst ? 1 : 0, importKwh: e.importKwh, exportKwh: e.exportKwh });
  }
  return out;
}

const p2 = (n: number) => String(n).padStart(2, '0');

/** Entries → answer blocks for `encodeLoadProfileAnswer` (new block at a gap or a status/season change). */
export function profileBlocks(entries: readonly ProfileEntry[], clock: ZoneClock): LoadProfileAnswerBlock[] {
  const blocks: { firstCapture: LoadProfileAnswerBlock['firstCapture']; status: string; rows: string[][] }[] = [];
  let prev: ProfileEntry | null = null;
  for (const e of entries) {
    const cont = prev && e.endUtcMs === prev.endUtcMs + SLOT_MS && e.status === prev.status && e.season === prev.season;
    if (!cont) {
      const l = clock.local(e.endUtcMs);
      blocks.push({
        firstCapture: {
          local: `${l.year}-${p2(l.month)}-${p2(l.day)}T${p2(l.hour)}:${p2(l.minute)}:${p2(l.second)}`,
          season: e.season,
        },
        status: e.status.toString(16).toUpperCase().padStart(2, '0'),
        rows: [],
      });
    }
    blocks[blocks.length - 1]!.rows.push([e.importKwh.toFixed(3), e.exportKwh.toFixed(3)]);
    prev = e;
  }
  return blocks.map((b) => ({ ...b, periodMinutes: LP_PERIOD_MINUTES, channels: LP_CHANNELS }));
}

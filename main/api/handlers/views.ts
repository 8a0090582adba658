/**
 * Shapes sent to the UI (contract/index.ts) built from the stored data model (protocol/reading.ts):
 * raw bytes are left out and OBIS codes get their English description (IEC 62056-61 via describeObis; an Elster
 * meter's own registers, logs and events via protocol/meters/describe.ts).
 */
import { describeInterpretation } from '../../../protocol/iec62056-21/interpret';
import { describeObis } from '../../../protocol/iec62056-21/obis';
import { describeRegister } from '../../../protocol/meters/describe';
import type { ReadingResult } from '../../../protocol/reading';
import type { ReadingView } from '../../../contract';

/** The UI view of reading `id`: everything but `raw`, with descriptions. Units and times unchanged. */
export function toReadingView(id: number, reading: ReadingResult): ReadingView {
  const lp = reading.loadProfile;
  return {
    id,
    meter: { ...reading.meter },
    session: { ...reading.session },
    registers: reading.registers.map((r) => ({
      address: r.address,
      obis: r.obis,
      code: r.code,
      description: describeRegister(r.code, reading.meter.manufacturer),
      billingPeriod: r.billingPeriod,
      value: r.value,
      text: r.text,
      unit: r.unit,
      timestampLocal: r.timestampLocal,
      interpretation: r.interpretation,
      meaning: describeInterpretation(r.interpretation),
    })),
    loadProfile: lp
      ? {
          profile: lp.profile,
          periodMinutes: lp.periodMinutes,
          channels: lp.channels.map((c) => ({ obis: c.obis, unit: c.unit, description: describeObis(c.obis) })),
          intervals: lp.intervals.map((iv) => ({ ...iv, values: [...iv.values] })),
        }
      : null,
    notes: reading.notes.map((n) => ({ level: n.level, message: n.message })),
  };
}

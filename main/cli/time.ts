import { describeDrift } from '../../protocol/meters/clock';
import { createAppContext } from '../services/app-context';
import { adjustMeterClock, readMeterClock, setMeterClock } from '../services/clock';
import { actAs, type ActingOptions } from './acting-user';
import { type MeterCliOptions, requestedMeterAccess } from './meter-options';
import { progressPrinter } from './output';

/**
 * `pmu time`: the meter clock. No flag = read it and show the drift from this computer's clock; `--set` = set
 * it to this computer's time at once (Elster: security level 3, `--level3-password` when `--password` opens
 * another level); `--adjust` = ask the meter to creep towards it (Elster level 1 by default, at most ±7.5 min,
 * about 5 s per 30-min integration period). Progress on stderr, the result on stdout (text or `--json`).
 * A set or adjust is recorded in the audit trail of the store (`--db`). Errors: one plain line (e.g. "a clock adjust may correct at most 7 min 30 s … Set the clock
 * instead (this needs the security level 3 password)").
 */

/** Options of `pmu time` as commander parses them. */
export interface TimeCliOptions extends MeterCliOptions, ActingOptions {
  db?: string;
  set?: boolean;
  adjust?: boolean;
  level3Password?: string;
  json?: boolean;
}

const wall = (local: string) => local.replace('T', ' ');
const signed = (ms: number) => `${ms >= 0 ? '+' : '−'}${(Math.abs(ms) / 1000).toFixed(1)} s`;

/** `pmu time`. Throws (plain message) on failure. */
export async function runTime(o: TimeCliOptions): Promise<void> {
  if (o.set && o.adjust) throw new Error('Choose either --set or --adjust, not both.');
  if (o.level3Password !== undefined && !o.set) throw new Error('--level3-password is only used with --set.');
  const base = createAppContext({ ...(o.db !== undefined ? { dbPath: o.db } : {}), timeZone: o.tz });
  const progress = progressPrinter();
  const out = (lines: string[], json: unknown) => process.stdout.write(o.json ? `${JSON.stringify(json, null, 2)}\n` : `${lines.join('\n')}\n`);
  try {
    // Checked like the UI: --set needs meter.clock.set (engineer), --adjust meter.clock.adjust; recorded in the audit trail.
    const ctx = await actAs(base, o, o.set ? 'time --set' : o.adjust ? 'time --adjust' : 'time');
    if (o.set) {
      const r = await setMeterClock(ctx, requestedMeterAccess(o, o.level3Password), progress);
      const lines = [`Clock set    to ${wall(r.writtenLocal)} (${r.timeZone}); it was ${describeDrift(r.before.driftMs)}`];
      if (r.programmingCounterBefore !== undefined) {
        const same = r.programmingCounterBefore === r.programmingCounterAfter;
        lines.push(`Programming counter  ${r.programmingCounterBefore} before, ${r.programmingCounterAfter ?? '?'} after${same ? ' (unchanged: a time set is not a reprogramming)' : ''}`);
      }
      out(lines, r);
    } else if (o.adjust) {
      const r = await adjustMeterClock(ctx, requestedMeterAccess(o), progress);
      const p = r.plan;
      out(
        r.writtenLocal === null
          ? [`Meter clock  ${describeDrift(r.before.driftMs)}: nothing to adjust`]
          : [
              `Clock adjust requested: correct ${describeDrift(p.correctionMs, false)} (meter was ${describeDrift(r.before.driftMs)})`,
              `             ${p.stepsMs.length} steps of at most 5 s, one per ${p.integrationPeriodMin}-min integration period; done after about ${p.completesAfterMin} min`,
            ],
        r,
      );
    } else {
      const r = await readMeterClock(ctx, requestedMeterAccess(o), progress);
      out(
        [
          `Meter        ${r.identification}   serial ${r.serial ?? '(not sent)'}`,
          `Meter clock  ${wall(r.meterLocal)} (${r.timeZone})`,
          `Read at      ${r.readAtUtc} (this computer)`,
          `Drift        ${describeDrift(r.driftMs)} (${signed(r.driftMs)})`,
        ],
        r,
      );
    }
  } finally {
    base.db.close();
  }
}

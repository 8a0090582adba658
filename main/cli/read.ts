import { createDefaultLinkRegistry } from '../links/default-registry';
import { createAppContext } from '../services/app-context';
import { readMeter } from '../services/read-meter';
import { getReading } from '../store/readings';
import { actAs, type ActingOptions } from './acting-user';
import { type MeterCliOptions, actingMeterAccess, profileBound } from './meter-options';
import { formatReadingSummary, progressPrinter } from './output';

/** `pmu ports`: one port per line, path first. */
export async function runPorts(): Promise<void> {
  for (const p of await createDefaultLinkRegistry().list()) {
    process.stdout.write(`${p.port.padEnd(16)}  ${p.emulated ? p.label : p.detail ?? ''}\n`);
  }
}

/** Options of `pmu read` as commander parses them (the meter options: meter-options.ts). */
export interface ReadCliOptions extends MeterCliOptions, ActingOptions {
  out?: string;
  res: boolean;
  db?: string;
  maxBaud?: string;
  profile: boolean;
  profileFrom?: string;
  profileTo?: string;
  profileAll?: boolean;
  events?: boolean;
  json?: boolean;
}

/**
 * `pmu read`: read (dialect from the identification unless `--meter`), store, write .RES, print the summary.
 * Throws (plain message) on failure; usage conflicts (--profile-all with a range) are plain errors too.
 */
export async function runRead(o: ReadCliOptions): Promise<void> {
  if (o.profileAll && (o.profileFrom !== undefined || o.profileTo !== undefined)) {
    throw new Error('Choose either --profile-all or a range (--profile-from / --profile-to), not both.');
  }
  const base = createAppContext({ dbPath: o.db, timeZone: o.tz });
  try {
    // As the signed-in user (setup mode: the OS user): the reading's operator and its audit record name them.
    const ctx = await actAs(base, o, 'read');
    const outcome = await readMeter(
      ctx,
      {
        ...actingMeterAccess(ctx, o, 'read'),
        maxBaud: o.maxBaud ? Number(o.maxBaud) : undefined,
        loadProfile: o.profile,
        profileFromUtc: o.profileFrom === undefined ? undefined : profileBound(o.profileFrom, ctx.timeZone, 'from'),
        profileToUtc: o.profileTo === undefined ? undefined : profileBound(o.profileTo, ctx.timeZone, 'to'),
        profileAll: o.profileAll,
        events: o.events === true,
        resOut: o.res === false ? false : o.out,
      },
      progressPrinter(),
    );
    const stored = getReading(ctx.db, outcome.readingId);
    if (!stored) throw new Error(`Reading ${outcome.readingId} was not found in the store after saving.`);
    if (o.json) {
      const { raw: _raw, ...rest } = stored;
      process.stdout.write(`${JSON.stringify({ readingId: outcome.readingId, resPath: outcome.resPath, ...rest }, null, 2)}\n`);
    } else {
      process.stdout.write(formatReadingSummary(stored, { readingId: outcome.readingId, resPath: outcome.resPath, duplicate: outcome.duplicate }));
    }
  } finally {
    base.db.close();
  }
}

import { createDefaultLinkRegistry } from '../links/default-registry';
import { createAppContext } from '../services/app-context';
import { readMeter } from '../services/read-meter';
import type { ListenSettings } from '../services/types';
import { getReading } from '../store/readings';
import { actAs, type ActingOptions } from './acting-user';
import { type MeterCliOptions, requestedMeterAccess, profileBound } from './meter-options';
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
  listen?: boolean;
  baud?: string;
  telegrams?: string;
  listenTimeout?: string;
}

/** The listen settings of `pmu read --listen` (undefined without --listen). @throws Error (plain) for a bad value. */
function listenSettings(o: ReadCliOptions): ListenSettings | undefined {
  if (!o.listen) {
    if (o.baud !== undefined || o.telegrams !== undefined || o.listenTimeout !== undefined) {
      throw new Error('--baud, --telegrams and --listen-timeout go with --listen (a push meter); a meter you sign on to negotiates its speed itself (--max-baud).');
    }
    return undefined;
  }
  const int = (text: string | undefined, option: string, min: number, max: number): number | undefined => {
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${option} must be a whole number from ${min} to ${max}, got "${text}".`);
    return n;
  };
  const baud = int(o.baud, '--baud', 2400, 9600) as 2400 | 4800 | 9600 | undefined;
  return {
    ...(baud === undefined ? {} : { baud }),
    ...(o.line === undefined ? {} : { line: o.line }),
    ...(o.telegrams === undefined ? {} : { telegrams: int(o.telegrams, '--telegrams', 1, 100)! }),
    ...(o.listenTimeout === undefined ? {} : { timeoutSeconds: int(o.listenTimeout, '--listen-timeout', 1, 3600)! }),
  };
}

/**
 * `pmu read`: read (dialect from the identification unless `--meter`), store, write .RES, print the summary.
 * Throws (plain message) on failure; usage conflicts (--profile-all with a range) are plain errors too.
 */
export async function runRead(o: ReadCliOptions): Promise<void> {
  if (o.profileAll && (o.profileFrom !== undefined || o.profileTo !== undefined)) {
    throw new Error('Choose either --profile-all or a range (--profile-from / --profile-to), not both.');
  }
  const listen = listenSettings(o);
  const base = createAppContext({ dbPath: o.db, timeZone: o.tz });
  try {
    // As the signed-in user (setup mode: the OS user): the reading's operator and its audit record name them.
    const ctx = await actAs(base, o, 'read');
    const outcome = await readMeter(
      ctx,
      {
        ...requestedMeterAccess(o),
        maxBaud: o.maxBaud ? Number(o.maxBaud) : undefined,
        loadProfile: o.profile,
        profileFromUtc: o.profileFrom === undefined ? undefined : profileBound(o.profileFrom, ctx.timeZone, 'from'),
        profileToUtc: o.profileTo === undefined ? undefined : profileBound(o.profileTo, ctx.timeZone, 'to'),
        profileAll: o.profileAll,
        events: o.events === true,
        resOut: o.res === false ? false : o.out,
        ...(listen === undefined ? {} : { listen }),
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

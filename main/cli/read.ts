import { listPorts } from '../serial/ports';
import { createAppContext } from '../services/app-context';
import { readMeter } from '../services/read-meter';
import { getReading } from '../store/readings';
import { formatReadingSummary, progressPrinter } from './output';

/** `pmu ports`: one port per line, path first. */
export async function runPorts(): Promise<void> {
  for (const p of await listPorts()) {
    process.stdout.write(`${p.path.padEnd(16)}  ${p.kind === 'emulator' ? p.label : p.detail ?? ''}\n`);
  }
}

/** Options of `pmu read` as commander parses them. */
export interface ReadCliOptions {
  port: string;
  out?: string;
  res: boolean;
  db?: string;
  address: string;
  maxBaud?: string;
  profile: boolean;
  tz?: string;
  json?: boolean;
}

/** `pmu read`: read, store, write .RES, print the summary. Throws (plain message) on failure. */
export async function runRead(o: ReadCliOptions): Promise<void> {
  const ctx = createAppContext({ dbPath: o.db, timeZone: o.tz });
  try {
    const outcome = await readMeter(
      ctx,
      {
        port: o.port,
        address: o.address,
        maxBaud: o.maxBaud ? Number(o.maxBaud) : undefined,
        loadProfile: o.profile,
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
    ctx.db.close();
  }
}

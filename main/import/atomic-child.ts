/**
 * TEST-ONLY child process of atomic-kill.test.ts: imports one file into a store file and is killed by the
 * test while doing so. Usage: `node --import tsx main/import/atomic-child.ts <db> <file> [pause-at-seq]`.
 * With `pause-at-seq`, a TEMP trigger (this connection only, never stored) calls a function that prints
 * `PAUSED …` and blocks when the load-profile value with that sequence number is inserted — inside the
 * import's transaction — so the test can kill the process at a known point. Prints `STARTED` before the
 * import and `DONE <result>` after it.
 */
import { writeSync } from 'node:fs';
import { createAppContext } from '../services/app-context';
import { importFile } from './import-file';

const [dbPath, file, pauseAt] = process.argv.slice(2);
if (!dbPath || !file) throw new Error('usage: atomic-child.ts <db> <file> [pause-at-seq]');
const ctx = createAppContext({ dbPath, timeZone: 'Europe/Ljubljana' });
if (pauseAt !== undefined) {
  ctx.db.function('pmu_test_pause', (channel: unknown, seq: unknown) => {
    writeSync(1, `PAUSED channel ${String(channel)} seq ${String(seq)}\n`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000); // blocks the transaction until killed
    return 0;
  });
  ctx.db.exec(
    `CREATE TEMP TRIGGER pmu_test_pause AFTER INSERT ON load_profile_values WHEN NEW.seq = ${Number(pauseAt)}
     BEGIN SELECT pmu_test_pause(NEW.channel_id, NEW.seq); END`,
  );
}
writeSync(1, 'STARTED\n');
const outcome = await importFile(ctx, file);
writeSync(1, `DONE ${outcome.result}\n`);
ctx.db.close();

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newScheme } from '../../schemes/model';
import { programmingCertificateSchema } from '../../schemes/program';
import { serializeScheme } from '../../schemes/scheme-file';
import { openDatabase } from '../store/db';
import { listCertificates } from '../store/programming-jobs';
import { listStagedPrograms } from '../store/staging';
import { errorLines, pmu, TEST_TZ } from './testing/run-pmu';

/**
 * `pmu program` as an engineer runs it: a real child process on the built-in `emulator:a1140` port (paced like a
 * 9600-baud probe): stage + approve + upload + read back, the certificate on stdout, progress on stderr, the job
 * in the store; a wrong serial (exit 1, certificate FAILED, as JSON); a scheme file with errors (nothing done).
 */

describe('pmu program', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'pmu-program-cli-'));
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  const schemeFile = (text: string) => {
    const file = path.join(tmp, 'scheme.json');
    writeFileSync(file, text);
    return file;
  };

  it('programs the emulated A1140 and prints a verified certificate; a different serial fails (exit 1, JSON)', async () => {
    const db = path.join(tmp, 'store.sqlite');
    const file = schemeFile(serializeScheme(newScheme('DAYNIGHT', 'Day/night', 'A1140', TEST_TZ)));
    const common = ['--port', 'emulator:a1140', '--scheme', file, '--password', '00000000', '--db', db];
    const ok = await pmu(['program', ...common, '--serial', 'EMU-A1140-0001', '--ct', '200/5', '--site', 'Mill'], tmp).done;
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^Result {8}VERIFIED/m);
    expect(ok.stdout).toMatch(/^Meter {9}A1140 serial EMU-A1140-0001 {3}identification \/GEC510051000000$/m);
    expect(ok.stdout).toMatch(/^Counter {7}before 0; after 1 \(last programmed .*\)$/m);
    expect(ok.stdout).toMatch(/^ {2}W1 795 {10}Scheme ID "DAYNIGHT" \(written last: it marks the upload complete\) — read back equal$/m);
    expect(ok.stdout).toMatch(/^Differences {3}none$/m);
    expect(ok.stderr).toMatch(/^Staged program 1: scheme DAYNIGHT .* approved by /m);
    expect(ok.stderr).toMatch(/^\[write\] +\d+% Written: Day profiles: 'Weekday' 3 switch times, 'Weekend' 1 switch time$/m);
    expect(ok.stderr).toMatch(/^\[done\] 100% Programmed and verified\.$/m);

    const wrong = await pmu(['program', ...common, '--serial', '99999999', '--json'], tmp).done;
    expect(wrong.code).toBe(1);
    const cert = programmingCertificateSchema.parse(JSON.parse(wrong.stdout));
    expect(cert).toMatchObject({ status: 'failed', written: [], error: 'This meter is EMU-A1140-0001, the staged program is for 99999999. Nothing was written.' });

    const store = openDatabase(db);
    try {
      expect(listCertificates(store).map((c) => [c.meterSerial, c.status])).toEqual([['99999999', 'failed'], ['EMU-A1140-0001', 'verified']]);
      expect(listStagedPrograms(store).map((s) => s.status)).toEqual(['failed', 'programmed']);
      expect(listStagedPrograms(store)[0]!.schemeStoreId).toBe(listStagedPrograms(store)[1]!.schemeStoreId); // the same content is stored once
    } finally {
      store.close();
    }
  }, 120_000);

  it('refuses a scheme file with errors: prints them, exit 1, nothing staged', async () => {
    const db = path.join(tmp, 'store.sqlite');
    const scheme = newScheme('BAD', 'Bad', 'A1140', TEST_TZ);
    scheme.dayProfiles[0]!.switches.push({ time: '05:00', rate: 9 });
    const run = await pmu(['program', '--port', 'emulator:a1140', '--scheme', schemeFile(serializeScheme(scheme)), '--serial', 'EMU-A1140-0001', '--password', '00000000', '--db', db], tmp).done;
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: dayProfiles\.0\.switches/m);
    expect(errorLines(run.stderr)).toEqual([expect.stringMatching(/^pmu: The scheme file .*scheme\.json has \d+ errors? \(listed above\); nothing was programmed\.$/)]);
    expect(run.stdout).toBe('');
    const store = openDatabase(db);
    try {
      expect(listStagedPrograms(store)).toEqual([]);
    } finally {
      store.close();
    }
  }, 60_000);
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newScheme } from '../../schemes/model';
import { programmingCertificateSchema } from '../../programming/plan';
import { serializeScheme } from '../../schemes/scheme-file';
import { selectAudit } from '../audit/store';
import { setCredential } from '../secrets/credentials';
import { createAppContext } from '../services/app-context';
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
    const common = ['--port', 'emulator:a1140', '--scheme', file, '--meter-password', '00000000', '--db', db];
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
    expect(ok.stdout).toMatch(/^Programmed by .* on port emulator:a1140 \(a built-in emulated meter\)$/m);
    expect(ok.stdout).toMatch(/^ {2}W1 667 .*\n {18}layout: public:abba1140\/TariffSources\.java:12-23$/m);

    // The emulated meter sticks (saved in the data directory): another process reads the new scheme ID and counter.
    const read = await pmu(['read', '--port', 'emulator:a1140', '--password', '00000000', '--no-profile', '--no-res', '--db', db], tmp).done;
    expect(read.code, read.stderr).toBe(0);
    expect(read.stdout).toMatch(/^ {2}0\.2\.1 +DAYNIGHT .*Scheme ID/m);
    expect(read.stdout).toMatch(/^Programming counter {2}1, last programmed \d{4}-\d\d-\d\d \d\d:\d\d:\d\d meter time$/m);
    expect(read.stdout).toMatch(/^ {2}Programming 1: \d{4}-.* meter time, user \S+, optical port$/m);

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

  it('with users: --user with the role\'s permission and meter level, the stored password, the audit trail; --staged', async () => {
    const db = path.join(tmp, 'store.sqlite');
    const file = schemeFile(serializeScheme(newScheme('DAYNIGHT', 'Day/night', 'A1140', TEST_TZ)));
    const PW = { admin: 'admin password 1', eng: 'engineer pw 123', tech: 'technician pw 1' };
    const run = (args: string[], env: Record<string, string | undefined> = {}) => {
      const { child, done } = pmu([...args, '--db', db], tmp, { PMU_USER: undefined, PMU_PASSWORD: undefined, PMU_NEW_PASSWORD: undefined, ...env });
      child.stdin?.end('');
      return done;
    };
    expect((await run(['user', 'add', 'admin', '--role', 'administrator'], { PMU_NEW_PASSWORD: PW.admin })).code).toBe(0);
    expect((await run(['user', 'add', 'eng', '--role', 'engineer', '--meter-user-id', 'ENG7', '--user', 'admin'], { PMU_PASSWORD: PW.admin, PMU_NEW_PASSWORD: PW.eng })).code).toBe(0);
    expect((await run(['user', 'add', 'tech', '--role', 'technician', '--user', 'admin'], { PMU_PASSWORD: PW.admin, PMU_NEW_PASSWORD: PW.tech })).code).toBe(0);
    // The emulated A1140's level 3 password, stored for every meter (as an administrator does in the app).
    const admin = createAppContext({ dbPath: db });
    setCredential(admin, { scope: 'default', level: 3 }, '00000000', 'admin');
    setCredential(admin, { scope: 'default', level: 1 }, '00000000', 'admin');
    admin.db.close();

    const common = ['program', '--port', 'emulator:a1140', '--scheme', file, '--serial', 'EMU-A1140-0001'];
    const nobody = await run(common);
    expect(nobody.code).toBe(1);
    expect(errorLines(nobody.stderr)[0]).toMatch(/^pmu: This workstation has users: say who you are with --user <name>/);
    const byTech = await run([...common, '--user', 'tech'], { PMU_PASSWORD: PW.tech });
    expect(errorLines(byTech.stderr)).toEqual(['pmu: Technicians cannot approve programs. Ask an engineer.']);

    // Separation of duties (issue 13.3): --scheme stages and approves as one user, refused while the policy holds.
    const self = await run([...common, '--user', 'eng'], { PMU_PASSWORD: PW.eng });
    expect(self.code).toBe(1);
    expect(errorLines(self.stderr)[0]).toMatch(/^pmu: You staged this program, so another user must approve it \(separation of duties/);
    expect((await run(['settings', 'set', 'policy.approval.separateDuties=false', '--user', 'admin'], { PMU_PASSWORD: PW.admin })).code).toBe(0);

    const ok = await run([...common, '--user', 'eng', '--json'], { PMU_PASSWORD: PW.eng }); // no --meter-password: the stored one
    expect(ok.code, ok.stderr).toBe(0);
    const cert = programmingCertificateSchema.parse(JSON.parse(ok.stdout));
    expect(cert).toMatchObject({ status: 'verified', operator: 'eng', meterUserId: 'ENG7', stagedBy: 'eng', approvedBy: 'eng' });
    // Emulated meters keep their state per data directory, so the counter goes up by one from wherever it was.
    expect(cert.counterAfter!.count).toBe(cert.counterBefore!.count + 1);
    expect(ok.stderr).toMatch(/^Staged program 1: .* approved by eng\.$/m);

    // The technician uploads the approved program with the stored level-3 password (the engineer's approval
    // delegates the level); typing a level-3 password is still beyond the technician's role.
    const techTyped = await run(['program', '--port', 'emulator:a1140', '--staged', '1', '--user', 'tech', '--meter-password', '00000000'], { PMU_PASSWORD: PW.tech });
    expect(techTyped.code).toBe(1);
    expect(errorLines(techTyped.stderr)).toEqual(['pmu: Your role (technician) may use meter passwords up to security level 1; this job needs level 3. Ask an engineer.']);
    // Only a password stored for THAT meter is used on the technician's behalf (issue 11.2), never the default one.
    const techDefault = await run(['program', '--port', 'emulator:a1140', '--staged', '1', '--user', 'tech'], { PMU_PASSWORD: PW.tech });
    expect(errorLines(techDefault.stderr)[0]).toMatch(/^pmu: No password is stored for meter EMU-A1140-0001 itself at security level 3\./);
    const admin2 = createAppContext({ dbPath: db });
    setCredential(admin2, { scope: 'meter', meterSerial: 'EMU-A1140-0001', level: 3 }, '00000000', 'admin');
    admin2.db.close();
    const techStaged = await run(['program', '--port', 'emulator:a1140', '--staged', '1', '--user', 'tech', '--json'], { PMU_PASSWORD: PW.tech });
    expect(techStaged.code, techStaged.stderr).toBe(0);
    // the same emulated meter (kept in the data directory): it remembers the engineer's programming
    expect(JSON.parse(techStaged.stdout)).toMatchObject({ status: 'verified', operator: 'tech', counterBefore: { count: cert.counterAfter!.count }, counterAfter: { count: cert.counterAfter!.count + 1 } });
    const both = await run([...common, '--staged', '1', '--user', 'eng'], { PMU_PASSWORD: PW.eng });
    expect(errorLines(both.stderr)).toEqual(['pmu: Give either --scheme <file> (stage, approve and upload a scheme file) or --staged <id> (upload an approved staged program).']);

    const store = openDatabase(db);
    try {
      const recs = selectAudit(store, {}).filter((r) => !r.action.startsWith('auth.') && !r.action.startsWith('user.') && r.action !== 'credential.set' && r.action !== 'settings.changed');
      expect(recs.map((r) => [r.action, r.username, r.meterSerial, r.traceRef])).toEqual([
        ['scheme.imported', 'eng', null, null],
        ['program.staged', 'eng', 'EMU-A1140-0001', null],
        ['program.approved', 'eng', 'EMU-A1140-0001', null],
        ['program.uploaded', 'eng', 'EMU-A1140-0001', `certificate:${cert.jobId}`],
        ['credential.delegated', 'tech', 'EMU-A1140-0001', null],
        ['program.uploaded', 'tech', 'EMU-A1140-0001', `certificate:${cert.jobId + 1}`],
      ]);
      expect(JSON.parse(recs[3]!.summaryJson)).toMatchObject({ before: { programmingCounter: 0 }, after: { status: 'verified', programmingCounter: 1 } });
    } finally {
      store.close();
    }
  }, 120_000);

  it('refuses a scheme file with errors: prints them, exit 1, nothing staged', async () => {
    const db = path.join(tmp, 'store.sqlite');
    const scheme = newScheme('BAD', 'Bad', 'A1140', TEST_TZ);
    scheme.dayProfiles[0]!.switches.push({ time: '05:00', rate: 9 });
    const run = await pmu(['program', '--port', 'emulator:a1140', '--scheme', schemeFile(serializeScheme(scheme)), '--serial', 'EMU-A1140-0001', '--meter-password', '00000000', '--db', db], tmp).done;
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

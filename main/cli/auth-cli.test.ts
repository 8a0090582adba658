/**
 * `pmu user` and `pmu audit` as child processes, and the acting user of every command (`--user`, PMU_PASSWORD)
 * with the same permission matrix as the UI: setup mode, the first administrator, refusals in plain words, the
 * audit trail verified (exit 0), a tampered store and a tampered bundle (exit 1 naming the record), offline bundle
 * verification without a store or user.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorLines, pmu, type Run } from './testing/run-pmu';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'pmu-auth-cli-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const PASSWORDS = { admin: 'admin password 1', tech: 'technician pw 1', aud: 'auditor password 1' };
/** Run `pmu` with the acting user's password (and a new user's) in the environment; no PMU_USER from the shell. */
function run(args: string[], env: { PMU_PASSWORD?: string; PMU_NEW_PASSWORD?: string } = {}, stdin?: string): Promise<Run> {
  const { child, done } = pmu(args, tmp, { PMU_USER: undefined, PMU_PASSWORD: undefined, PMU_NEW_PASSWORD: undefined, ...env });
  child.stdin?.end(stdin ?? '');
  return done;
}
const as = (user: keyof typeof PASSWORDS) => ({ PMU_PASSWORD: PASSWORDS[user] });

describe('pmu user / pmu audit / --user', () => {
  it('setup mode, the first administrator, then every command needs --user and the role\'s permission', async () => {
    const empty = await run(['user', 'list']);
    expect(empty.code).toBe(0);
    expect(empty.stdout).toMatch(/No users yet \(setup mode\)/);

    const notAdmin = await run(['user', 'add', 'tech', '--role', 'technician'], { PMU_NEW_PASSWORD: PASSWORDS.tech });
    expect(notAdmin.code).toBe(1);
    expect(errorLines(notAdmin.stderr)).toEqual(['pmu: The first user must be an administrator (someone has to be able to manage users).']);

    const first = await run(['user', 'add', 'admin', '--role', 'administrator', '--meter-user-id', 'ADM1'], { PMU_NEW_PASSWORD: PASSWORDS.admin });
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Added administrator "admin"/);
    if (process.platform !== 'win32') expect(statSync(path.join(tmp, 'data', 'installation.key')).mode & 0o777).toBe(0o600);

    const noUser = await run(['user', 'list']);
    expect(noUser.code).toBe(1);
    expect(errorLines(noUser.stderr)[0]).toMatch(/^pmu: This workstation has users: say who you are with --user <name>/);
    const wrong = await run(['user', 'list', '--user', 'admin'], { PMU_PASSWORD: 'not it at all' });
    expect(wrong.code).toBe(1);
    expect(errorLines(wrong.stderr)).toEqual(['pmu: The user name or password is not right. Check both and try again.']);
    const ghost = await run(['user', 'list', '--user', 'ghost'], { PMU_PASSWORD: 'not it at all' });
    expect(errorLines(ghost.stderr)).toEqual(errorLines(wrong.stderr));

    expect((await run(['user', 'add', 'tech', '--role', 'technician', '--user', 'admin'], { ...as('admin'), PMU_NEW_PASSWORD: PASSWORDS.tech })).code).toBe(0);
    const viaStdin = await run(['user', 'add', 'aud', '--role', 'auditor', '--password-stdin', '--user', 'admin'], as('admin'), `${PASSWORDS.aud}\n`);
    expect(viaStdin.code).toBe(0);
    const list = await run(['user', 'list', '--user', 'aud'], as('aud'));
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/admin\s+administrator\s+enabled\s+ADM1/);
    expect(list.stdout).toMatch(/tech\s+technician\s+enabled/);

    const set = await run(['time', '--port', 'emulator:a1140', '--set', '--meter-password', '00000000', '--user', 'tech'], as('tech'));
    expect(set.code).toBe(1);
    expect(errorLines(set.stderr)).toEqual(['pmu: Technicians cannot set meter clocks. Ask an engineer.']);
    const audByTech = await run(['audit', 'list', '--user', 'tech'], as('tech'));
    expect(errorLines(audByTech.stderr)).toEqual(['pmu: Technicians cannot see the audit trail. Ask an auditor.']);
    const addByTech = await run(['user', 'add', 'x', '--role', 'auditor', '--user', 'tech'], { ...as('tech'), PMU_NEW_PASSWORD: 'whatever pass' });
    expect(errorLines(addByTech.stderr)).toEqual(['pmu: Technicians cannot manage users. Ask an administrator.']);

    const read = await run(['read', '--port', 'emulator', '--no-profile', '--no-res', '--user', 'tech'], as('tech'));
    expect(read.code).toBe(0);
    expect(read.stdout).toMatch(/Read\s+\S+ by tech on emulator/);

    const audit = await run(['audit', 'list', '--user', 'aud', '--action', 'reading.stored'], as('aud'));
    expect(audit.code).toBe(0);
    expect(audit.stdout).toMatch(/tech \(technician\)\s+reading\.stored\s+meter \S+\s+reading:1/);
    const byTech = await run(['audit', 'list', '--user', 'aud', '--by', 'tech', '--json'], as('aud'));
    const actions = (JSON.parse(byTech.stdout) as { records: { action: string }[] }).records.map((r) => r.action);
    expect(actions).toContain('auth.signedIn');
    expect(actions).toContain('reading.stored');

    const disable = await run(['user', 'disable', 'tech', '--user', 'admin'], as('admin'));
    expect(disable.code).toBe(0);
    const disabled = await run(['read', '--port', 'emulator', '--user', 'tech'], as('tech'));
    expect(errorLines(disabled.stderr)).toEqual(['pmu: This account is disabled. Ask an administrator to enable it.']);
  }, 240_000);

  it('reproduction 5 at the command line: the same answers for a real and an unknown name; the administrator recovers at the computer', async () => {
    // Each run takes seconds, so how many of the waits pass between runs varies: compare the answers without their numbers.
    const tries = async (name: string) => {
      const out = new Set<string>();
      for (let i = 0; i < 7; i += 1) out.add(errorLines((await run(['user', 'list', '--user', name], { PMU_PASSWORD: 'wrong password 1' })).stderr).join(' ').replace(/\d+ (second|minute)s?/, 'N $1s'));
      return [...out].sort();
    };
    const ghost = await tries('ghost');
    expect(await tries('admin')).toEqual(ghost);
    expect(ghost).toEqual([
      'pmu: The user name or password is not right. Check both and try again.',
      expect.stringMatching(/^pmu: Too many failed sign-ins with this user name here\. Wait N seconds, then try again/),
    ]);
    // The administrator at the computer clears the waits without signing in.
    const rec = await run(['user', 'recover', 'admin']);
    expect(rec.code).toBe(0);
    expect(rec.stdout).toMatch(/^Recovered admin \(administrator\): sign-in waits cleared\. Recorded in the audit trail under /);
    expect((await run(['user', 'list', '--user', 'admin'], as('admin'))).code).toBe(0);
    expect((await run(['audit', 'list', '--user', 'aud', '--action', 'user.recovered'], as('aud'))).stdout).toMatch(/user\.recovered {2}user:admin/);
  }, 240_000);

  it('verify: intact → exit 0; a bundle verifies offline; one changed byte → exit 1 naming the record', async () => {
    const ok = await run(['audit', 'verify', '--user', 'aud'], as('aud'));
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^The audit trail is intact: \d+ records, signed through record \d+/);
    expect(ok.stdout).toMatch(/Public key fingerprint: ([0-9a-f]{4} ){15}[0-9a-f]{4}/);

    const bundle = path.join(tmp, 'trail.pmu-audit.json');
    const exp = await run(['audit', 'export', '--out', bundle, '--user', 'aud'], as('aud'));
    expect(exp.code).toBe(0);
    const pem = path.join(tmp, 'audit-key.pem');
    expect((await run(['audit', 'public-key', '--out', pem, '--user', 'aud'], as('aud'))).code).toBe(0);
    // Offline: no store, no user.
    const offline = await run(['audit', 'verify', '--bundle', bundle, '--public-key', pem, '--db', path.join(tmp, 'none', 'x.sqlite')]);
    expect(offline.code).toBe(0);
    expect(offline.stdout).toMatch(/intact/);

    const text = readFileSync(bundle, 'utf8');
    const lines = text.split('\n');
    const i = lines.findIndex((l) => l.startsWith('{"seq":3,"timeUtc"'));
    lines[i] = lines[i]!.replace('"timeUtc":"20', '"timeUtc":"21'); // one byte
    expect(lines.join('\n')).not.toBe(text);
    const tamperedBundle = path.join(tmp, 'tampered.json');
    writeFileSync(tamperedBundle, lines.join('\n'));
    const bad = await run(['audit', 'verify', '--bundle', tamperedBundle]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^The audit trail is NOT intact\. Record 3 was changed after it was written/);

    const db = new BetterSqlite3(path.join(tmp, 'data', 'pmu.sqlite'));
    db.exec('DROP TRIGGER audit_log_no_update');
    // One byte: the last millisecond digit of record 2's time.
    db.prepare("UPDATE audit_log SET time_utc = substr(time_utc, 1, 22) || CASE substr(time_utc, 23, 1) WHEN '9' THEN '8' ELSE '9' END || substr(time_utc, 24) WHERE seq = 2").run();
    db.close();
    const broken = await run(['audit', 'verify', '--user', 'aud', '--json'], as('aud'));
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.stdout)).toMatchObject({ intact: false, firstBroken: { seq: 2, kind: 'edited' } });
  }, 240_000);
});

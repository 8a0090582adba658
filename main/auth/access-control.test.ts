import { describe, expect, it } from 'vitest';
import { listAudit } from '../audit/store';
import { AccessControl } from './access-control';
import { AuthError } from './errors';
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from './sessions';
import { MAX_DELAY_MS } from './throttle';
import { addRoleUsers, CHEAP_SCRYPT, passwordOf, testClock, testContext } from './test-helpers';
import { addUser, findUser, listUsers, setPassword, updateUser } from './users';

async function setup() {
  const ctx = testContext();
  const clock = testClock();
  const access = new AccessControl(ctx, { now: clock.now, scrypt: CHEAP_SCRYPT });
  return { ctx, clock, access };
}

const tab = (n: number) => ({ channel: `browser:tab${n}` });

async function failure(p: Promise<unknown>): Promise<AuthError> {
  const e = await p.then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(AuthError);
  return e as AuthError;
}

describe('setup mode', () => {
  it('acts as the OS user with every permission until the first user exists, then needs a sign-in', async () => {
    const { access, ctx } = await setup();
    expect(access.status(tab(1))).toMatchObject({ setupMode: true, user: { username: 'osuser', role: 'administrator' }, maxMeterPasswordLevel: 3 });
    expect(access.status(tab(1)).permissions).toContain('users.manage');
    const s = await access.setupAdmin(tab(1), { username: 'Ada', password: 'first admin pw', displayName: 'Ada L.' });
    expect(s).toMatchObject({ setupMode: false, user: { username: 'Ada', role: 'administrator', displayName: 'Ada L.' } });
    // Another window is not signed in just because the first one is.
    expect(access.identify(tab(2))).toEqual({ actor: null, reason: 'signed-out' });
    expect(access.status(tab(2))).toMatchObject({ setupMode: false, user: null, permissions: ['public'], maxMeterPasswordLevel: 0 });
    expect((await failure(access.setupAdmin(tab(2), { username: 'eve', password: 'second admin pw' }))).code).toBe('NOT_SETUP_MODE');
    const actions = listAudit(ctx.db, {}, { limit: 10 }).records.map((r) => `${r.action} ${r.username}`);
    expect(actions).toEqual(['auth.signedIn Ada', 'user.setupAdmin osuser']);
  });

  it('the first user must be an administrator; nobody can sign in before it exists', async () => {
    const { access, ctx } = await setup();
    expect((await failure(addUser(ctx.db, { username: 'tech', role: 'technician', password: passwordOf('x') }, { scrypt: CHEAP_SCRYPT }))).message).toMatch(/first user must be an administrator/);
    expect((await failure(access.signIn(tab(1), 'anyone', 'whatever'))).code).toBe('NOT_SETUP_MODE');
  });
});

describe('sign-in and lock-out', () => {
  it('signs in per channel, answers the same for unknown users and wrong passwords, and records both', async () => {
    const { access, ctx } = await setup();
    await addRoleUsers(ctx.db);
    const wrong = await failure(access.signIn(tab(1), 'engineer', 'not-the-password'));
    const unknown = await failure(access.signIn(tab(1), 'nobody', 'not-the-password'));
    expect(wrong.message).toBe(unknown.message);
    expect(wrong.code).toBe('SIGN_IN_FAILED');
    expect(unknown.code).toBe('SIGN_IN_FAILED');
    expect(await access.signIn(tab(1), 'ENGINEER', passwordOf('engineer'))).toMatchObject({ user: { username: 'engineer', role: 'engineer' }, maxMeterPasswordLevel: 3 });
    expect(access.identify(tab(1)).actor?.role).toBe('engineer');
    const recs = listAudit(ctx.db, {}, { limit: 10 }).records;
    expect(recs.map((r) => r.action)).toEqual(['auth.signedIn', 'auth.signInFailed', 'auth.signInFailed']);
    // The unknown name is not written into the trail (it could be a password typed in the wrong field).
    expect(recs[2]!.username).toBe('engineer');
    expect(recs[1]!.username).toBe('(unknown user)');
    expect(JSON.stringify(recs)).not.toContain('nobody');
  });

  it('delays sign-ins of a name from one source progressively after 3 failures (never a hard lock), clears on success', async () => {
    const { access, ctx, clock } = await setup();
    await addRoleUsers(ctx.db);
    for (let i = 1; i <= 3; i += 1) expect((await failure(access.signIn(tab(1), 'technician', `wrong-${i}`))).code).toBe('SIGN_IN_FAILED');
    // Inside the wait even the right password is refused, unchecked and uncounted.
    const waiting = await failure(access.signIn(tab(1), 'technician', passwordOf('technician')));
    expect(waiting.code).toBe('THROTTLED');
    expect(waiting.message).toBe('Too many failed sign-ins with this user name here. Wait 1 second, then try again. (The desktop app and the command line count separately; an administrator can clear the wait.)');
    expect(findUser(ctx.db, 'technician', clock.now())).toMatchObject({ locked: true, failedAttempts: 3 });
    expect(listAudit(ctx.db, { action: 'auth.lockedOut' }, { limit: 5 }).total).toBe(1);
    // The waits double: 1 s, 2 s, 4 s … at most 15 minutes.
    const waits: number[] = [];
    for (let i = 0; i < 14; i += 1) {
      clock.advance(MAX_DELAY_MS);
      await failure(access.signIn(tab(1), 'technician', 'wrong'));
      const e = await failure(access.signIn(tab(1), 'technician', 'wrong'));
      waits.push(Number(/Wait (\d+) (second|minute)/.exec(e.message)![1]) * (e.message.includes('minute') ? 60 : 1));
    }
    expect(waits.slice(0, 7)).toEqual([2, 4, 8, 16, 32, 64, 180]); // 128 s reads "3 minutes"
    expect(Math.max(...waits)).toBe(15 * 60);
    clock.advance(MAX_DELAY_MS);
    expect((await access.signIn(tab(1), 'technician', passwordOf('technician'))).user?.username).toBe('technician');
    expect(findUser(ctx.db, 'technician', clock.now())).toMatchObject({ locked: false, failedAttempts: 0 });
    // An administrator can clear a wait at once.
    for (let i = 0; i < 4; i += 1) await failure(access.signIn(tab(2), 'auditor', 'wrong'));
    expect((await failure(access.signIn(tab(2), 'auditor', passwordOf('auditor')))).code).toBe('THROTTLED');
    updateUser(ctx.db, 'auditor', { unlock: true }, clock.now());
    expect((await access.signIn(tab(2), 'auditor', passwordOf('auditor'))).user?.role).toBe('auditor');
  });

  it('reproduction 5: a stranger cannot tell users apart nor lock out the only administrator; counts survive a restart', async () => {
    const { access, ctx, clock } = await setup();
    await addRoleUsers(ctx.db);
    const answers = async (name: string) => {
      const out: string[] = [];
      for (let i = 0; i < 8; i += 1) {
        const e = await failure(access.signIn(tab(1), name, 'wrong'));
        out.push(`${e.code}: ${e.message}`);
      }
      return out;
    };
    // The same answers for a real name and a name that does not exist.
    expect(await answers('ghost')).toEqual(await answers('engineer'));
    // The stranger hammers the administrator's name in browser mode: the browser is delayed, nothing else is.
    for (let i = 0; i < 20; i += 1) await access.signIn(tab(1), 'administrator', 'wrong').catch(() => undefined);
    expect((await failure(access.signIn(tab(3), 'administrator', passwordOf('administrator')))).code).toBe('THROTTLED');
    const desktop = { channel: 'desktop:1' };
    expect((await access.signIn(desktop, 'administrator', passwordOf('administrator'))).user?.role).toBe('administrator');
    expect((await access.authenticate('administrator', passwordOf('administrator'), 'cli')).username).toBe('administrator');
    // The counts are in the store: a new process (a new AccessControl) still delays the browser, for both names.
    const again = new AccessControl(ctx, { now: clock.now, scrypt: CHEAP_SCRYPT });
    expect((await failure(again.signIn(tab(9), 'ghost', 'wrong'))).code).toBe('THROTTLED');
    expect((await failure(again.signIn(tab(9), 'engineer', passwordOf('engineer')))).code).toBe('THROTTLED');
    // Names are never stored: only a 4-hex-digit keyed hash.
    expect(JSON.stringify(ctx.db.prepare('SELECT * FROM sign_in_throttle').all())).not.toMatch(/ghost|engineer|administrator/);
  });

  it('a disabled user is told so only with the right password, and loses the session at once', async () => {
    const { access, ctx } = await setup();
    await addRoleUsers(ctx.db);
    await access.signIn(tab(1), 'engineer', passwordOf('engineer'));
    updateUser(ctx.db, 'engineer', { disabled: true });
    expect(access.identify(tab(1))).toEqual({ actor: null, reason: 'signed-out' });
    expect((await failure(access.signIn(tab(1), 'engineer', 'wrong-password'))).code).toBe('SIGN_IN_FAILED');
    expect((await failure(access.signIn(tab(1), 'engineer', passwordOf('engineer')))).code).toBe('DISABLED');
  });
});

describe('sessions', () => {
  it('end after 30 minutes without a call, and calls keep them alive', async () => {
    const { access, ctx, clock } = await setup();
    await addRoleUsers(ctx.db);
    await access.signIn(tab(1), 'technician', passwordOf('technician'));
    clock.advance(SESSION_IDLE_MS - 60_000);
    expect(access.identify(tab(1)).actor?.username).toBe('technician');
    clock.advance(SESSION_IDLE_MS - 60_000);
    expect(access.identify(tab(1)).actor?.username).toBe('technician');
    clock.advance(SESSION_IDLE_MS);
    expect(access.identify(tab(1))).toEqual({ actor: null, reason: 'idle' });
    expect(access.identify(tab(1))).toEqual({ actor: null, reason: 'signed-out' });
  });

  it('end 8 hours after sign-in however busy the user is', async () => {
    const { access, ctx, clock } = await setup();
    await addRoleUsers(ctx.db);
    const s = await access.signIn(tab(1), 'technician', passwordOf('technician'));
    expect(s.sessionExpiresUtc).toBe(new Date(clock.now().getTime() + SESSION_ABSOLUTE_MS).toISOString());
    for (let t = 0; t < SESSION_ABSOLUTE_MS - 20 * 60_000; t += 20 * 60_000) {
      clock.advance(20 * 60_000);
      expect(access.identify(tab(1)).actor).not.toBeNull();
    }
    clock.advance(20 * 60_000);
    expect(access.identify(tab(1))).toEqual({ actor: null, reason: 'expired' });
  });

  it('sign-out and a password reset end sessions; a user changing their own password keeps this one', async () => {
    const { access, ctx } = await setup();
    await addRoleUsers(ctx.db);
    await access.signIn(tab(1), 'engineer', passwordOf('engineer'));
    await access.signIn(tab(2), 'engineer', passwordOf('engineer'));
    await access.changePassword(tab(1), passwordOf('engineer'), 'a brand new password');
    expect(access.identify(tab(1)).actor?.username).toBe('engineer');
    expect(access.identify(tab(2)).actor).toBeNull();
    expect((await failure(access.changePassword(tab(1), 'wrong current', 'another new password'))).code).toBe('SIGN_IN_FAILED');
    await setPassword(ctx.db, 'engineer', 'reset by the admin', { scrypt: CHEAP_SCRYPT });
    expect(access.identify(tab(1)).actor).toBeNull();
    await access.signIn(tab(3), 'engineer', 'reset by the admin');
    expect(access.signOut(tab(3))).toMatchObject({ user: null });
    expect(listAudit(ctx.db, {}, { limit: 1 }).records[0]).toMatchObject({ action: 'auth.signedOut', username: 'engineer' });
  });

  it('stores only the SHA-256 of session tokens', async () => {
    const { access, ctx } = await setup();
    await addRoleUsers(ctx.db);
    await access.signIn(tab(1), 'auditor', passwordOf('auditor'));
    const rows = ctx.db.prepare('SELECT * FROM sessions').all() as { token_sha256: string }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('users', () => {
  it('keep at least one enabled administrator, unique names without regard to case, no hash in listings', async () => {
    const { ctx } = await setup();
    await addRoleUsers(ctx.db);
    expect(() => updateUser(ctx.db, 'administrator', { role: 'engineer' })).toThrow(/last enabled administrator/);
    expect(() => updateUser(ctx.db, 'administrator', { disabled: true })).toThrow(/last enabled administrator/);
    await addUser(ctx.db, { username: 'root2', role: 'administrator', password: 'second admin pw' }, { scrypt: CHEAP_SCRYPT });
    expect(updateUser(ctx.db, 'administrator', { role: 'engineer' }).role).toBe('engineer');
    expect((await failure(addUser(ctx.db, { username: 'ENGINEER', role: 'engineer', password: 'some password' }, { scrypt: CHEAP_SCRYPT }))).code).toBe('CONFLICT');
    expect((await failure(addUser(ctx.db, { username: 'bad name', role: 'engineer', password: 'some password' }, { scrypt: CHEAP_SCRYPT }))).code).toBe('BAD_ARGUMENTS');
    expect((await failure(addUser(ctx.db, { username: 'x', role: 'engineer', password: 'some password', meterUserId: 'TOOLONG99' }, { scrypt: CHEAP_SCRYPT }))).message).toMatch(/8/);
    expect(JSON.stringify(listUsers(ctx.db))).not.toMatch(/scrypt|password_hash/);
  });

  it('scopes name existing meter groups and scheme folders only', async () => {
    const { ctx } = await setup();
    await addRoleUsers(ctx.db);
    expect(() => updateUser(ctx.db, 'technician', { meterGroupIds: [99] })).toThrow(/Meter group 99 does not exist/);
    const g = Number(ctx.db.prepare("INSERT INTO meter_groups (name, created_utc) VALUES ('North', '2026-01-01T00:00:00Z')").run().lastInsertRowid);
    expect(updateUser(ctx.db, 'technician', { meterGroupIds: [g] }).meterGroupIds).toEqual([g]);
  });
});

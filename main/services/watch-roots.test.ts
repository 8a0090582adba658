/**
 * Issue 11.6: a technician could add a watched folder on any path (file names then leak through the import log and
 * events). Now only inside locations an administrator allowed; links out of them do not count.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../api/dispatch';
import { createHandlers } from '../api/handlers';
import { fakeContext, fakeServices } from '../api/testing/fakes';
import { AccessControl } from '../auth/access-control';
import { addRoleUsers, CHEAP_SCRYPT, passwordOf } from '../auth/test-helpers';
import { selectAudit } from '../audit/store';

let dir = '';
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

async function setup() {
  dir = mkdtempSync(path.join(tmpdir(), 'pmu-watch-roots-'));
  const ctx = fakeContext(dir);
  await addRoleUsers(ctx.db);
  const handlers = createHandlers(ctx, { mode: 'browser', services: fakeServices(), emit: () => undefined });
  const access = new AccessControl(ctx, { scrypt: CHEAP_SCRYPT });
  const dispatch = createDispatcher(handlers, { access, checkResults: true, log: () => undefined });
  const as = async (role: string) => {
    const caller = { channel: `browser:${role}` };
    await access.signIn(caller, role, passwordOf(role));
    return (name: string, args: unknown) => dispatch(name, args, caller);
  };
  return { ctx, as };
}

describe('watched folders only where an administrator allowed', () => {
  it('technicians watch inside allowed locations only; administrators allow them (recorded)', async () => {
    const { ctx, as } = await setup();
    const allowed = path.join(dir, 'readings');
    const secret = path.join(dir, 'hr-files');
    for (const d of [allowed, path.join(allowed, 'site-7'), secret]) mkdirSync(d);
    symlinkSync(secret, path.join(allowed, 'escape'));
    const tech = await as('technician');
    const admin = await as('administrator');
    const folder = (p: string) => ({ path: p, enabled: true, intervalSeconds: 60, after: 'leave', mode: 'append', recursive: false });

    expect(await tech('saveWatchedFolder', folder(secret))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringMatching(/^No folder has been allowed for watching yet\. Ask an administrator/) } });
    expect(await tech('settings.setWatchRoots', { roots: [allowed] })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await admin('settings.setWatchRoots', { roots: [allowed, 'relative/path'] })).toMatchObject({ ok: false, error: { message: expect.stringContaining('is not a full folder path') } });
    expect(await admin('settings.setWatchRoots', { roots: [allowed] })).toMatchObject({ ok: true, result: { roots: [allowed] } });
    expect(await tech('settings.watchRoots', {})).toMatchObject({ ok: true, result: { roots: [allowed] } });

    expect(await tech('saveWatchedFolder', folder(path.join(allowed, 'site-7')))).toMatchObject({ ok: true });
    expect(await tech('saveWatchedFolder', folder(allowed))).toMatchObject({ ok: true });
    for (const outside of [secret, path.join(allowed, 'escape'), path.join(allowed, '..', 'hr-files')]) {
      expect(await tech('saveWatchedFolder', folder(outside))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('is not inside a location an administrator allowed') } });
    }
    // The administrator may watch anywhere (adding it is the allowing).
    expect(await admin('saveWatchedFolder', folder(secret))).toMatchObject({ ok: true });
    expect(selectAudit(ctx.db, { action: 'settings.changed' }).map((r) => JSON.parse(r.summaryJson))).toEqual([{ before: { allowedRoots: [] }, after: { allowedRoots: [allowed] } }]);
  });
});

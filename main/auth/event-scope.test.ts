import { describe, expect, it } from 'vitest';
import { saveMeterGroup } from '../store/meter-groups';
import { saveReading } from '../store/readings';
import { buildReading } from '../store/test-fixtures';
import { actorOfUser } from './access-control';
import { setupActor, type Actor } from './actor';
import { callerAudience, mayReceive, readingsAudience } from './event-scope';
import { addRoleUsers, testContext } from './test-helpers';
import { findUser, updateUser } from './users';

/** A receiver lookup where each channel has a fixed actor. */
const signedIn = (who: Record<string, Actor | null>) => ({ identify: (c: { channel: string }) => ({ actor: who[c.channel] ?? null }) });

describe('event audiences', () => {
  it('a job\'s events go to the channel that started it while the same user is signed in there', () => {
    const ctx = testContext();
    const alice = { ...setupActor('alice'), setupMode: false, role: 'technician' as const, userId: 1 };
    const a = callerAudience({ channel: 'browser:1' }, alice);
    expect(mayReceive(signedIn({ 'browser:1': alice }), ctx.db, 'browser:1', a)).toBe(true);
    expect(mayReceive(signedIn({ 'browser:1': alice, 'browser:2': alice }), ctx.db, 'browser:2', a)).toBe(false);
    expect(mayReceive(signedIn({ 'browser:1': { ...alice, username: 'bob' } }), ctx.db, 'browser:1', a)).toBe(false);
    expect(mayReceive(signedIn({}), ctx.db, 'browser:1', a)).toBe(false);
    expect(mayReceive({ identify: () => { throw new Error('store closed'); } }, ctx.db, 'browser:1', a)).toBe(false);
  });

  it('watcher events about readings reach a meter-limited user only for their meters', async () => {
    const ctx = testContext();
    await addRoleUsers(ctx.db);
    const mine = saveReading(ctx.db, buildReading({ serial: 'M1' })).readingId;
    const other = saveReading(ctx.db, buildReading({ serial: 'M2', startedUtc: '2026-03-30T04:10:00.000Z' })).readingId;
    const group = saveMeterGroup(ctx.db, { name: 'North', serials: ['M1'] });
    updateUser(ctx.db, 'technician', { meterGroupIds: [group.id] });
    const tech = actorOfUser(findUser(ctx.db, 'technician')!);
    const eng = actorOfUser(findUser(ctx.db, 'engineer')!);
    const who = signedIn({ t: tech, e: eng });
    const can = (channel: string, ids: number[]) => mayReceive(who, ctx.db, channel, readingsAudience(ctx.db, 'readings.view', ids));
    expect([can('t', [mine]), can('t', [other]), can('t', [mine, other]), can('t', [])]).toEqual([true, false, false, false]);
    expect([can('e', [mine]), can('e', [other]), can('e', [])]).toEqual([true, true, true]);
    expect(mayReceive(who, ctx.db, 't', { kind: 'permission', permission: 'readings.view' })).toBe(true);
    expect(mayReceive(who, ctx.db, 't', { kind: 'permission', permission: 'users.manage' })).toBe(false);
  });
});

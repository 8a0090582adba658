import { describe, expect, it } from 'vitest';
import { addRoleUsers, testContext } from '../auth/test-helpers';
import { findUser, updateUser } from '../auth/users';
import { deleteMeterGroup, listMeterGroups, saveMeterGroup } from './meter-groups';

describe('meter groups', () => {
  it('refuse to delete the only group a user is limited to (it would widen their access); delete it once they have another', async () => {
    const ctx = testContext();
    await addRoleUsers(ctx.db);
    const north = saveMeterGroup(ctx.db, { name: 'North', serials: ['M1'] });
    const south = saveMeterGroup(ctx.db, { name: 'South', serials: ['M2'] });
    updateUser(ctx.db, 'technician', { meterGroupIds: [north.id] });
    expect(() => deleteMeterGroup(ctx.db, north.id)).toThrow(
      "technician is limited to this meter group only; deleting it would let that user work on every meter. Limit them to another group first (Users → Edit…).",
    );
    expect(listMeterGroups(ctx.db).map((g) => g.name)).toEqual(['North', 'South']);
    updateUser(ctx.db, 'technician', { meterGroupIds: [north.id, south.id] });
    expect(deleteMeterGroup(ctx.db, north.id)).toBe(true);
    expect(findUser(ctx.db, 'technician')?.meterGroupIds).toEqual([south.id]);
    expect(deleteMeterGroup(ctx.db, north.id)).toBe(false);
  });
});

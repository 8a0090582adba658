import { describe, it, expect } from 'vitest';
import type { ContractEvents } from '../../../contract';
import { ProtocolError } from '../../../protocol/iec62056-21/errors';
import { createDispatcher } from '../dispatch';
import { createHandlers } from './index';
import { REDACTED } from '../jobs';
import { fakeContext, fakeServices, type FakeOptions } from '../testing/fakes';

const SECRET = 'Zq7#pW2!';

function setup(opts: FakeOptions = {}) {
  const services = fakeServices(opts);
  const events: ContractEvents['readProgress'][] = [];
  const logged: string[] = [];
  const handlers = createHandlers(fakeContext(), {
    mode: 'browser',
    services,
    emit: (name, payload) => {
      if (name === 'readProgress') events.push(payload as ContractEvents['readProgress']);
    },
  });
  const dispatch = createDispatcher(handlers, { checkResults: true, log: (l) => logged.push(l) });
  return { services, events, logged, dispatch };
}

describe('meter handlers: reading options', () => {
  it('readMeter passes meter type, password, level, load-profile range and events to the service', async () => {
    const { dispatch, services } = setup();
    const pending = dispatch('readMeter', {
      jobId: 'r1', port: 'emulator:a1140', meter: 'a1140', password: SECRET, passwordLevel: 2,
      profileFromUtc: '2026-01-01T00:00:00Z', profileToUtc: '2026-01-08T00:00:00Z', events: true,
    });
    await services.started;
    services.release();
    expect(await pending).toMatchObject({ ok: true, result: { readingId: 7 } });
    expect(services.requests).toEqual([{
      port: 'emulator:a1140', meter: 'a1140', password: SECRET, passwordLevel: 2,
      profileFromUtc: '2026-01-01T00:00:00Z', profileToUtc: '2026-01-08T00:00:00Z', events: true,
    }]);
  });

  it('refuses a password that is not 8 printable characters without running the reading or quoting it', async () => {
    const { dispatch, services } = setup();
    for (const password of ['1234567', '123456789', '1234567\u00e9', '1234\n678', '']) {
      const reply = await dispatch('readMeter', { jobId: 'r', port: 'emulator:a1140', password });
      expect(reply, JSON.stringify(password)).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENTS', message: expect.stringContaining('password') } });
      if (!reply.ok && password.length > 2) expect(reply.error.message).not.toContain(password);
    }
    expect(await dispatch('setClock', { jobId: 's', port: 'emulator:a1140', level3Password: 'short' })).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENTS' } });
    expect(await dispatch('readClock', { jobId: 'c', port: 'emulator:a1140', passwordLevel: 4 })).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENTS' } });
    expect(services.requests).toEqual([]);
    expect(services.clockRequests).toEqual([]);
  });

  it('a careless backend cannot leak the password into results, notes, progress or errors', async () => {
    const { dispatch, services, events } = setup({ leakPasswords: true });
    const pending = dispatch('readMeter', { jobId: 'r2', port: 'emulator:a1140', password: SECRET });
    await services.started;
    services.release();
    const read = await pending;
    expect(read.ok).toBe(true);
    const clock = await dispatch('readClock', { jobId: 'c2', port: 'emulator:a1140', password: SECRET });
    const set = await dispatch('setClock', { jobId: 's2', port: 'emulator:a1140', password: SECRET, level3Password: 'L3-pass!' });
    expect(clock.ok && set.ok).toBe(true);
    const everything = JSON.stringify([read, clock, set, events]);
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain('L3-pass!');
    expect(everything).toContain(REDACTED); // the leaked progress message and note were redacted, not dropped
    // …while the service did receive them.
    expect(services.clockRequests.map((c) => c.req.password)).toEqual([SECRET, SECRET]);
    expect(services.clockRequests[1]?.req.level3Password).toBe('L3-pass!');

    const failing = setup({ failWith: new ProtocolError('REFUSED', `The meter refused the password ${SECRET}.`) });
    const reply = await failing.dispatch('readClock', { jobId: 'c3', port: 'COM3', password: SECRET });
    expect(reply).toEqual({ ok: false, error: { code: 'REFUSED', message: `The meter refused the password ${REDACTED}.` } });
    expect(failing.logged.join('\n')).not.toContain(SECRET);
  });
});

describe('meter handlers: clock', () => {
  it('readClock returns the meter time, PC time and drift, with progress tagged by job id', async () => {
    const { dispatch, services, events } = setup({ driftMs: -192_000 });
    const reply = await dispatch('readClock', { jobId: 'clk', port: 'emulator:a1140', meter: 'a1140', password: '00000000', passwordLevel: 1 });
    expect(reply).toEqual({
      ok: true,
      result: {
        meterLocal: '2026-01-10T08:56:48', meterUtc: '2026-01-10T08:56:48.000Z', readAtUtc: '2026-01-10T09:00:00.000Z',
        driftMs: -192_000, timeZone: 'Europe/London', identification: '/GEC5A1140', serial: '12345678',
      },
    });
    expect(services.clockRequests).toEqual([{ call: 'read', req: { port: 'emulator:a1140', meter: 'a1140', password: '00000000', passwordLevel: 1 } }]);
    expect(events.map((e) => [e.jobId, e.progress.step])).toEqual([['clk', 'open-port'], ['clk', 'sign-on'], ['clk', 'done']]);
  });

  it('adjustClock returns the creep plan; setClock the written time and the unchanged programming counter', async () => {
    const { dispatch, services } = setup({ driftMs: 12_000 });
    expect(await dispatch('adjustClock', { jobId: 'a', port: 'emulator:a1140', password: '00000000' })).toMatchObject({
      ok: true,
      result: { before: { driftMs: 12_000 }, plan: { correctionMs: -12_000, stepsMs: [-5000, -5000, -2000], integrationPeriodMin: 30, completesAfterMin: 90 } },
    });
    expect(await dispatch('setClock', { jobId: 's', port: 'emulator:a1140', password: '00000000', passwordLevel: 3 })).toEqual({
      ok: true,
      result: {
        before: { meterLocal: '2026-01-10T09:00:12', meterUtc: '2026-01-10T09:00:12.000Z', readAtUtc: '2026-01-10T09:00:00.000Z', driftMs: 12_000 },
        timeZone: 'Europe/London', writtenLocal: '2026-01-10T09:00:00', programmingCounterBefore: 4, programmingCounterAfter: 4,
      },
    });
    expect(services.clockRequests.map((c) => c.call)).toEqual(['adjust', 'set']);
  });

  it('a clock job is cancellable, and the port is busy while it runs', async () => {
    const { dispatch, services } = setup({ holdClock: true });
    const pending = dispatch('setClock', { jobId: 'hold', port: 'emulator:a1140' });
    await services.started;
    expect(await dispatch('readMeter', { jobId: 'other', port: 'emulator:a1140' })).toMatchObject({ ok: false, error: { code: 'BUSY' } });
    expect(await dispatch('readClock', { jobId: 'hold', port: 'COM9' })).toMatchObject({ ok: false, error: { code: 'BUSY' } });
    expect(await dispatch('cancelRead', { jobId: 'hold' })).toEqual({ ok: true, result: { cancelled: true } });
    expect(await pending).toMatchObject({ ok: false, error: { code: 'CANCELLED', message: 'The clock job was cancelled.' } });
    // The port is free again.
    const again = dispatch('readClock', { jobId: 'next', port: 'emulator:a1140' });
    services.release();
    expect((await again).ok).toBe(true);
  });
});

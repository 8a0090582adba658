import { describe, it, expect } from 'vitest';
import type { ContractEvents } from '../../../contract';
import { createDispatcher } from '../dispatch';
import { createHandlers, DEFAULT_LIST_LIMIT } from './index';
import { fakeContext, fakeServices } from '../testing/fakes';

function setup(opts: Parameters<typeof fakeServices>[0] = {}) {
  const services = fakeServices(opts);
  const events: ContractEvents['readProgress'][] = [];
  const handlers = createHandlers(fakeContext(), {
    mode: 'desktop',
    services,
    emit: (name, payload) => {
      if (name === 'readProgress') events.push(payload as ContractEvents['readProgress']);
    },
  });
  // checkResults: every answer below must also satisfy the contract's result schema.
  const dispatch = createDispatcher(handlers, { checkResults: true, log: () => undefined });
  return { services, events, dispatch };
}

describe('handlers', () => {
  it('appInfo reports mode, version and where data is kept', async () => {
    const { dispatch } = setup();
    expect(await dispatch('appInfo', {})).toEqual({
      ok: true,
      result: {
        version: '9.8.7',
        mode: 'desktop',
        dbPath: '/tmp/pmu-test/pmu.sqlite',
        resDir: '/tmp/pmu-test/RES',
        exportsDir: '/tmp/pmu-test/exports',
        operator: 'tester',
        timeZone: 'Europe/London',
        importDefaults: { mode: 'append', after: 'leave', scanIntervalSeconds: 60 },
        passwordRules: { minLength: 10, minClasses: 1 },
      },
    });
  });

  it('readMeter passes the request, tags progress with the job id and returns the outcome', async () => {
    const { dispatch, services, events } = setup();
    const pending = dispatch('readMeter', { jobId: 'job-1', port: 'emulator', maxBaud: 9600, loadProfile: false });
    await services.started;
    expect(events.map((e) => [e.jobId, e.progress.step])).toEqual([
      ['job-1', 'open-port'],
      ['job-1', 'data-readout'],
    ]);
    services.release();
    const reply = await pending;
    expect(reply).toMatchObject({ ok: true, result: { readingId: 7, registerCount: 2 } });
    expect(services.requests).toEqual([{ port: 'emulator', maxBaud: 9600, loadProfile: false }]);
    expect(events.at(-1)?.progress.step).toBe('done');
  });

  it('refuses a second reading on the same port while one runs, and allows it afterwards', async () => {
    const { dispatch, services } = setup();
    const first = dispatch('readMeter', { jobId: 'a', port: 'emulator' });
    await services.started;
    expect(await dispatch('readMeter', { jobId: 'b', port: 'emulator' })).toMatchObject({
      ok: false,
      error: { code: 'BUSY', message: expect.stringContaining('already running on emulator') },
    });
    services.release();
    expect((await first).ok).toBe(true);
    expect(services.requests).toHaveLength(1);
  });

  it('cancelRead stops the running job; the read then fails with CANCELLED', async () => {
    const { dispatch, services } = setup();
    const pending = dispatch('readMeter', { jobId: 'job-2', port: 'emulator' });
    await services.started;
    expect(await dispatch('cancelRead', { jobId: 'job-2' })).toEqual({ ok: true, result: { cancelled: true } });
    expect(await pending).toMatchObject({ ok: false, error: { code: 'CANCELLED', message: 'The reading was cancelled.' } });
    // The job is gone: cancelling again finds nothing.
    expect(await dispatch('cancelRead', { jobId: 'job-2' })).toEqual({ ok: true, result: { cancelled: false } });
  });

  it('a failing read reports its plain message and frees the port', async () => {
    const { dispatch } = setup({ failWith: new Error('Port /dev/ttyUSB9 does not exist. Check the probe is plugged in.') });
    const reply = await dispatch('readMeter', { jobId: 'x', port: '/dev/ttyUSB9' });
    expect(reply).toEqual({
      ok: false,
      error: { code: 'FAILED', message: 'Port /dev/ttyUSB9 does not exist. Check the probe is plugged in.' },
    });
    // Not BUSY: the failed job was removed.
    expect(await dispatch('readMeter', { jobId: 'y', port: '/dev/ttyUSB9' })).toMatchObject({ error: { code: 'FAILED' } });
  });

  it('listReadings applies a default limit and passes the meter, date and source filters', async () => {
    const { dispatch, services } = setup();
    expect(await dispatch('listReadings', {})).toMatchObject({ ok: true, result: [{ id: 7, meterSerial: '12345678' }] });
    await dispatch('listReadings', { meterId: 3, limit: 5 });
    await dispatch('listReadings', { fromUtc: '2026-03-01T00:00:00Z', toUtc: '2026-03-02T00:00:00+01:00', source: 'res-import' });
    expect(services.listFilters).toEqual([
      { limit: DEFAULT_LIST_LIMIT },
      { meterId: 3, limit: 5 },
      { fromUtc: '2026-03-01T00:00:00Z', toUtc: '2026-03-02T00:00:00+01:00', source: 'res-import', limit: DEFAULT_LIST_LIMIT },
    ]);
  });

  it('listReadings refuses a reversed date range, a local time without zone and an unknown source', async () => {
    const { dispatch, services } = setup();
    for (const args of [
      { fromUtc: '2026-03-02T00:00:00Z', toUtc: '2026-03-01T00:00:00Z' },
      { fromUtc: '2026-03-01T00:00:00' },
      { source: 'usb-stick' },
    ]) {
      expect(await dispatch('listReadings', args), JSON.stringify(args)).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENTS' } });
    }
    expect(services.listFilters).toEqual([]);
  });

  it('getReading returns the view without raw bytes, with OBIS descriptions; null when missing', async () => {
    const { dispatch } = setup();
    const reply = await dispatch('getReading', { id: 7 });
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    const view = reply.result as Record<string, unknown> & { registers: { code: string; description: string | null }[] };
    expect(view).not.toHaveProperty('raw');
    expect(JSON.stringify(view)).not.toContain('readout');
    expect(view.registers[0]).toMatchObject({ code: '1.8.0', description: 'Active energy import (+A), total', value: 8048.375 });
    expect(view).toMatchObject({ id: 7, loadProfile: { channels: [{ obis: '1.5.0' }, { obis: '3.5.0' }] } });
    expect(await dispatch('getReading', { id: 8 })).toEqual({ ok: true, result: null });
  });
});

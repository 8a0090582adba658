import { describe, it, expect, vi } from 'vitest';
import { ProtocolError } from '../../protocol/iec62056-21/errors';
import { createDispatcher, type Handlers } from './dispatch';
import { createHandlers } from './handlers';
import { fakeContext, fakeServices } from './testing/fakes';

function setup(overrides: Partial<Handlers> = {}) {
  const services = fakeServices();
  const handlers = { ...createHandlers(fakeContext(), { mode: 'browser', emit: () => undefined, services }), ...overrides };
  const log = vi.fn();
  return { services, log, dispatch: createDispatcher(handlers, { checkResults: true, log }) };
}

describe('dispatch: arguments are checked at the boundary', () => {
  it('refuses an unknown call without running anything', async () => {
    const { dispatch } = setup();
    const reply = await dispatch('deleteEverything', {});
    expect(reply).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
    // A prototype member is not a call either.
    expect(await dispatch('toString', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
  });

  it('refuses readMeter without a port and never calls the service', async () => {
    const { dispatch, services } = setup();
    const reply = await dispatch('readMeter', { jobId: 'j1' });
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.code).toBe('BAD_ARGUMENTS');
    expect(reply.error.message).toMatch(/^The request "readMeter" was not valid: port/);
    expect(services.requests).toHaveLength(0);
  });

  it.each([
    ['an unknown key', { jobId: 'j1', port: 'emulator', resOut: '/etc' }, /resOut/],
    ['a baud rate no meter uses', { jobId: 'j1', port: 'emulator', maxBaud: 115200 }, /maxBaud: must be one of/],
    ['an empty port', { jobId: 'j1', port: '   ' }, /port: choose a port/],
    ['a control character in the port', { jobId: 'j1', port: 'CO\u0007M3' }, /control characters/],
    ['a job id with a slash', { jobId: '../x', port: 'emulator' }, /jobId/],
    ['an over-long device address', { jobId: 'j1', port: 'emulator', address: 'x'.repeat(33) }, /address/],
    ['not an object', 'emulator', /expected object/],
  ])('refuses %s', async (_what, args, message) => {
    const { dispatch, services } = setup();
    const reply = await dispatch('readMeter', args);
    expect(reply).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENTS', message: expect.stringMatching(message) } });
    expect(services.requests).toHaveLength(0);
  });

  it('refuses ids that are not positive integers', async () => {
    const { dispatch } = setup();
    for (const id of [0, -1, 1.5, '7', null]) {
      expect(await dispatch('getReading', { id })).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENTS' } });
    }
  });

  it('passes validated (trimmed) arguments to the handler', async () => {
    const seen: unknown[] = [];
    const { dispatch } = setup({
      cancelRead: async (args) => {
        seen.push(args);
        return { cancelled: false };
      },
    });
    expect(await dispatch('cancelRead', { jobId: 'abc-1' })).toEqual({ ok: true, result: { cancelled: false } });
    expect(seen).toEqual([{ jobId: 'abc-1' }]);
  });

  it('treats missing arguments of a call without arguments as {}', async () => {
    const { dispatch } = setup();
    expect(await dispatch('listPorts', undefined)).toMatchObject({ ok: true });
  });
});

describe('dispatch: failures become plain messages', () => {
  it('keeps a ProtocolError code and message', async () => {
    const err = new ProtocolError('NO_ANSWER', 'The meter did not answer. Check the probe.', 'no bytes in 1500 ms');
    const { dispatch, log } = setup({ listPorts: async () => Promise.reject(err) });
    expect(await dispatch('listPorts', {})).toEqual({
      ok: false,
      error: { code: 'NO_ANSWER', message: 'The meter did not answer. Check the probe.' },
    });
    expect(log).toHaveBeenCalledWith(expect.stringContaining('no bytes in 1500 ms'));
  });

  it('hides programming errors behind a generic sentence and logs the stack', async () => {
    const { dispatch, log } = setup({
      listPorts: async () => {
        throw new TypeError("Cannot read properties of undefined (reading 'path')");
      },
    });
    const reply = await dispatch('listPorts', {});
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.message).toMatch(/^Something went wrong inside the workstation/);
    expect(reply.error.message).not.toMatch(/undefined|TypeError/);
    expect(log).toHaveBeenCalledWith(expect.stringContaining('TypeError'));
  });

  it('explains an operating-system error in words', async () => {
    const sys = Object.assign(new Error("ENOENT: no such file or directory, open '/dev/ttyUSB9'"), {
      code: 'ENOENT',
      syscall: 'open',
      path: '/dev/ttyUSB9',
    });
    const { dispatch } = setup({ listPorts: async () => Promise.reject(sys) });
    expect(await dispatch('listPorts', {})).toEqual({
      ok: false,
      error: { code: 'ENOENT', message: 'The workstation could not use "/dev/ttyUSB9": it does not exist.' },
    });
  });

  it('reports a result that breaks the contract when results are checked', async () => {
    const { dispatch, log } = setup({ cancelRead: async () => ({ cancelled: 'yes' }) as never });
    expect(await dispatch('cancelRead', { jobId: 'j' })).toMatchObject({ ok: false, error: { code: 'BAD_RESULT' } });
    expect(log).toHaveBeenCalled();
  });
});

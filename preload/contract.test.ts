import { describe, it, expect } from 'vitest';
import { BAUD_RATES, callNames, calls, callReplySchema, eventNames, events, isCallName, isEventName, readMeterArgsSchema } from './contract';

describe('contract', () => {
  it('lists every call and event, each with schemas', () => {
    expect(callNames).toEqual(['appInfo', 'listPorts', 'readMeter', 'cancelRead', 'listReadings', 'getReading']);
    expect(eventNames).toEqual(['readProgress']);
    for (const name of callNames) {
      expect(typeof calls[name].args.safeParse, name).toBe('function');
      expect(typeof calls[name].result.safeParse, name).toBe('function');
    }
    expect(typeof events.readProgress.safeParse).toBe('function');
  });

  it('name guards accept only own names (not prototype members)', () => {
    expect(isCallName('readMeter')).toBe(true);
    expect(isCallName('constructor')).toBe(false);
    expect(isCallName('__proto__')).toBe(false);
    expect(isEventName('readProgress')).toBe(true);
    expect(isEventName('hasOwnProperty')).toBe(false);
  });

  it('readMeter accepts every mode C baud rate and a typed port, and trims the port', () => {
    for (const maxBaud of BAUD_RATES) expect(readMeterArgsSchema.safeParse({ jobId: 'j', port: 'COM3', maxBaud }).success).toBe(true);
    expect(readMeterArgsSchema.parse({ jobId: 'j', port: '  /dev/ttyUSB0 ' }).port).toBe('/dev/ttyUSB0');
    expect(readMeterArgsSchema.safeParse({ jobId: 'j', port: 'emulator', address: '12345678' }).success).toBe(true);
    expect(readMeterArgsSchema.safeParse({ jobId: 'j', port: 'emulator', address: '1!' }).success).toBe(false);
  });

  it('the reply envelope is either a result or a coded plain error', () => {
    expect(callReplySchema.safeParse({ ok: true, result: [1] }).success).toBe(true);
    expect(callReplySchema.safeParse({ ok: false, error: { code: 'X', message: 'm' } }).success).toBe(true);
    expect(callReplySchema.safeParse({ ok: false, error: 'boom' }).success).toBe(false);
    expect(callReplySchema.safeParse({ result: 1 }).success).toBe(false);
  });
});

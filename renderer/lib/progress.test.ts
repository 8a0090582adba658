import { describe, expect, it } from 'vitest';
import { durationShort, portWords, progressTiming, timeLeftMs } from './progress';

describe('progress words', () => {
  it('writes durations short', () => {
    expect(durationShort(0)).toBe('0 s');
    expect(durationShort(44_600)).toBe('45 s');
    expect(durationShort(65_000)).toBe('1 min 05 s');
    expect(durationShort(3_720_000)).toBe('1 h 02 min');
  });

  it('estimates the time left only once the job is under way', () => {
    expect(timeLeftMs(10_000, 25)).toBe(30_000);
    expect(timeLeftMs(10_000, null)).toBeNull();
    expect(timeLeftMs(10_000, 2)).toBeNull();
    expect(timeLeftMs(2_000, 50)).toBeNull();
    expect(timeLeftMs(10_000, 100)).toBeNull();
    expect(progressTiming(10_000, 25)).toBe('10 s elapsed · about 30 s left');
    expect(progressTiming(105_000, null)).toBe('1 min 45 s elapsed');
  });

  it('names ports as people say them', () => {
    expect(portWords('emulator')).toBe('the emulated meter');
    expect(portWords('emulator:a1140', [{ path: 'emulator:a1140', label: 'Emulated Elster A1140 (built-in)' }])).toBe('the emulated Elster A1140');
    expect(portWords('emulator:a1700')).toBe('the emulated Elster A1700');
    expect(portWords('COM7')).toBe('COM7');
    expect(portWords('/dev/ttyUSB0')).toBe('/dev/ttyUSB0');
  });
});

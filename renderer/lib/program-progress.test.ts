import { describe, expect, it } from 'vitest';
import { programBarValue, programHeading, writesLine } from './program-progress';

describe('programming progress words', () => {
  it('never heads a failed job "finished"', () => {
    expect(programHeading('finished', 'failed')).toBe('Programming failed');
    expect(programHeading('failed', null)).toBe('Programming failed');
    expect(programHeading('finished', 'verified')).toBe('Programmed and verified');
    expect(programHeading('finished', 'partially-programmed')).toBe('Only partly programmed');
    expect(programHeading('running', null)).toBe('Programming…');
  });

  it('says "no writes were sent" instead of 0 / 0, and shows an empty bar for it', () => {
    expect(writesLine('failed', { writesDone: 0, writesTotal: 0 })).toBe('No writes were sent');
    expect(writesLine('finished', { writesDone: 0, writesTotal: 18 })).toBe('No writes were sent (0 of 18)');
    expect(writesLine('running', { writesDone: 0, writesTotal: 0 })).toBe('Preparing the writes…');
    expect(writesLine('running', { writesDone: 3, writesTotal: 18 })).toBe('3 of 18 writes');
    expect(writesLine('finished', { writesDone: 18, writesTotal: 18 })).toBe('18 of 18 writes done');
    expect(programBarValue('failed', null, { writesDone: 0, writesTotal: 0, percent: null })).toBe(0);
    expect(programBarValue('finished', 'failed', { writesDone: 0, writesTotal: 18, percent: 5 })).toBe(0);
    expect(programBarValue('finished', 'partially-programmed', { writesDone: 9, writesTotal: 18, percent: 50 })).toBe(50);
    expect(programBarValue('finished', 'verified', { writesDone: 18, writesTotal: 18, percent: 95 })).toBe(100);
    expect(programBarValue('running', null, { writesDone: 0, writesTotal: 0, percent: null })).toBeNull();
    expect(programBarValue('running', null, { writesDone: 3, writesTotal: 18, percent: 40 })).toBe(40);
  });
});

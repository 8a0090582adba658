import { describe, expect, it } from 'vitest';
import { detailRows, fieldLabel, fieldValue } from './audit-fields';
import { summaryWords } from './audit-summary';

const Z = 'Europe/London';

describe('audit summaries in words', () => {
  it('says a clock set with its drift as time, not milliseconds', () => {
    const text = summaryWords(
      'clock.set',
      { before: { meterLocal: '2026-03-01T10:01:34', driftMs: 94342, programmingCounter: 4 }, after: { writtenLocal: '2026-03-01T10:00:00', timeZone: Z, programmingCounter: 4 } },
      Z,
    );
    expect(text).toBe('Clock set to 2026-03-01 10:00 Europe/London; it was 1 min 34 s fast (meter showed 2026-03-01 10:01:34). Programming counter 4 → 4.');
    expect(text).not.toMatch(/driftMs|94342|→ —/);
  });

  it('says a clock adjust with direction and duration', () => {
    expect(
      summaryWords('clock.adjusted', { before: { meterLocal: '2026-03-01T10:00:40', driftMs: 40_000 }, after: { targetLocal: '2026-03-01T10:00:00', correctionMs: -40_000, completesAfterMin: 240, timeZone: Z } }, Z),
    ).toBe('Clock adjust requested: 40 s back, complete after about 4 h; the meter was 40 s fast.');
  });

  it('says a reading with counts and where it was stored', () => {
    const after = { readingId: 12, duplicate: false, identification: '/ABB5\\@V9.20', port: 'emulator:a1140', registers: 42, intervals: 96 };
    expect(summaryWords('reading.stored', { after }, Z)).toBe('Read 42 registers and 96 load-profile intervals on emulator:a1140; stored as reading 12.');
    expect(summaryWords('reading.stored', { after: { ...after, duplicate: true, registers: 1, intervals: 1 } }, Z)).toBe(
      'Read 1 register and 1 load-profile interval on emulator:a1140; identical to reading 12, already stored.',
    );
  });

  it('says a staged program without raw JSON of the meter', () => {
    const text = summaryWords(
      'program.staged',
      { after: { scheme: '3 v2', schemeId: 'DOM2026', meterModel: 'A1140', meter: { serial: '60219548', ctRatio: null, vtRatio: null, passwordLevel: 3, site: '', customer: '', timeZone: Z }, status: 'draft' } },
      Z,
    );
    expect(text).toBe('Staged scheme 3 version 2 (scheme ID DOM2026) for the A1140 meter 60219548 (CT direct, VT direct, password level 3, Europe/London), as a draft.');
    expect(text).not.toMatch(/[{}"]/);
  });

  it('says how an upload ended, with writes, counter and the reason of a failure', () => {
    const after = { status: 'verified', programmingCounter: 1, written: 18, notWritten: 0, differences: 0, schemeSha256: 'ab'.repeat(32), port: 'emulator:a1140', meterUserId: 'ENG1' };
    expect(summaryWords('program.uploaded', { before: { programmingCounter: 0 }, after }, Z)).toBe('Programmed and verified on emulator:a1140: 18 of 18 writes done. Programming counter 0 → 1.');
    expect(
      summaryWords('program.uploadFailed', { before: { programmingCounter: null }, after: { ...after, status: 'failed', programmingCounter: null, written: 0, notWritten: 18, error: 'The meter on the probe is 99, not 60219548.' } }, Z),
    ).toBe('Not programmed on emulator:a1140: 0 of 18 writes done. Reason: The meter on the probe is 99, not 60219548.');
  });

  it('names what changed for other actions, roles by name', () => {
    expect(summaryWords('user.updated', { before: { role: 'technician', disabled: false }, after: { role: 'engineer', disabled: false } }, Z)).toBe('role: technician → engineer');
    expect(summaryWords('user.updated', { before: { a: 1 }, after: { a: 1 } }, Z)).toBe('No change.');
    expect(summaryWords('meters.exported', { after: { format: 'csv', meters: 1200 } }, Z)).toBe('Format csv, meters 1 200.');
    expect(summaryWords('credential.deleted', { before: { scope: 'meter', level: 3 } }, Z)).toBe('Was: for meter, security level 3.');
    expect(summaryWords('auth.signInFailed', { after: { channel: 'http', reason: 'SIGN_IN_FAILED' } }, Z)).toBe('Sign-in refused: wrong user name or password (from http).');
    expect(summaryWords('x.y', {}, Z)).toBe('');
  });
});

describe('audit fields', () => {
  it('labels members in words', () => {
    expect(fieldLabel('driftMs')).toBe('clock drift');
    expect(fieldLabel('lockedUntilUtc')).toBe('locked until');
    expect(fieldLabel('someNewThing')).toBe('some new thing');
  });

  it('gives values their units', () => {
    expect(fieldValue('driftMs', -192_000, Z)).toBe('3 min 12 s slow');
    expect(fieldValue('correctionMs', 5000, Z)).toBe('5 s forward');
    expect(fieldValue('settleMs', 5000, Z)).toBe('5 s');
    expect(fieldValue('completesAfterMin', 90, Z)).toBe('1 h 30 min');
    expect(fieldValue('startedUtc', '2026-07-01T09:00:00.000Z', Z)).toBe('2026-07-01 10:00:00');
    expect(fieldValue('schemeSha256', 'ab'.repeat(32), Z)).toBe('abababababab…');
    expect(fieldValue('duplicate', false, Z)).toBe('no');
    expect(fieldValue('groups', [], Z)).toBe('none');
    expect(fieldValue('x', null, Z)).toBe('—');
  });

  it('lists every member for the details, nested ones with their path', () => {
    const rows = detailRows({ before: { driftMs: 1000, meter: { serial: 'A' } }, after: { writtenLocal: '2026-01-01T00:00:00', meter: { serial: 'A' } } }, Z);
    expect(rows).toEqual([
      { key: 'driftMs', label: 'clock drift', before: '1 s fast', after: null, changed: true },
      { key: 'meter.serial', label: 'meter: serial number', before: 'A', after: 'A', changed: false },
      { key: 'writtenLocal', label: 'time written', before: null, after: '2026-01-01 00:00', changed: true },
    ]);
  });
});

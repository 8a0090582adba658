import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../../contract';
import { ACTION_LABELS, actionLabel, auditFilterArgs, EMPTY_AUDIT_FILTER, signatureText, traceReadingId, traceTarget } from './audit-words';

describe('audit words', () => {
  it('has a plain name for every audit action of the contract', () => {
    for (const a of AUDIT_ACTIONS) expect(ACTION_LABELS[a]).toMatch(/^[A-Z]/);
    expect(actionLabel('reading.stored')).toBe('Meter read');
    expect(actionLabel('something.new')).toBe('something.new');
  });

  it('finds the reading of a trace link', () => {
    expect(traceReadingId('reading:42')).toBe(42);
    expect(traceReadingId('file:x.csv')).toBeNull();
    expect(traceReadingId(null)).toBeNull();
    expect(traceTarget('reading:42')).toEqual({ kind: 'reading', id: 42, label: 'Reading 42' });
    expect(traceTarget('certificate:7')).toEqual({ kind: 'certificate', id: 7, label: 'Certificate 7' });
    expect(traceTarget('job:7')).toEqual({ kind: 'text', label: 'Job 7 (no certificate)' });
    expect(traceTarget('file:x.csv')).toEqual({ kind: 'text', label: 'file:x.csv' });
    expect(traceTarget(null)).toBeNull();
  });

  it('turns the filter into audit.list arguments with days in the workstation zone', () => {
    expect(auditFilterArgs(EMPTY_AUDIT_FILTER, 'Europe/London')).toEqual({ args: {} });
    expect(
      auditFilterArgs({ meterSerial: ' EMU-1 ', username: 'tom', action: 'reading.stored', from: '2026-07-01', to: '2026-07-01' }, 'Europe/London'),
    ).toEqual({ args: { meterSerial: 'EMU-1', username: 'tom', action: 'reading.stored', fromUtc: '2026-06-30T23:00:00.000Z', toUtc: '2026-07-01T23:00:00.000Z' } });
    expect(auditFilterArgs({ ...EMPTY_AUDIT_FILTER, from: '2026-07-02', to: '2026-07-01' }, 'UTC')).toEqual({ error: 'The "to" day is before the "from" day.' });
  });

  it('says how much of the trail the signature covers', () => {
    expect(signatureText({ records: 0, signedThroughSeq: null, keyFingerprint: null })).toBe('The trail is empty: nothing to sign yet.');
    expect(signatureText({ records: 5, signedThroughSeq: 5, keyFingerprint: 'ab:cd' })).toBe('Signed through record 5 of 5: every record is covered. Key fingerprint ab:cd.');
    expect(signatureText({ records: 5, signedThroughSeq: 3, keyFingerprint: null })).toBe('Signed through record 3 of 5: 2 newer records are not covered yet.');
    expect(signatureText({ records: 5, signedThroughSeq: null, keyFingerprint: null })).toMatch(/^No signed head/);
  });
});

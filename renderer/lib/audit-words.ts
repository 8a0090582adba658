/**
 * Pure helpers of the Audit trail screen: plain names of the audit actions (contract/audit.ts
 * AUDIT_ACTIONS; a record's summary in words is ./audit-summary.ts), the filter form as `audit.list`
 * arguments (days in the workstation's time zone: ./dates.ts), the reading a trace link points at, and the
 * signature status of a verification in words.
 */
import type { AuditAction, AuditVerifyView, CallArgs } from '../../contract';
import { dayRange } from './dates';

/** Plain names of the audit actions. */
export const ACTION_LABELS: Readonly<Record<AuditAction, string>> = {
  'place.saved': 'Place saved',
  'place.deleted': 'Place deleted',
  'customer.saved': 'Customer saved',
  'customer.deleted': 'Customer deleted',
  'fleetMeter.saved': 'Fleet meter saved',
  'fleetMeter.deleted': 'Fleet meter deleted',
  'meter.installed': 'Meter installed',
  'meter.removed': 'Meter removed',
  'meterList.imported': 'Meter list imported',
  'meterList.exported': 'Fleet meter list exported',
  'schedule.saved': 'Collection schedule saved',
  'schedule.deleted': 'Collection schedule deleted',
  'collection.started': 'Collection started',
  'collection.finished': 'Collection finished',
  'collection.wrongMeter': 'Collection refused a device answering as another meter',
  'report.run': 'Report run',
  'report.exported': 'Report exported',
  'virtualMeter.saved': 'Virtual meter saved',
  'virtualMeter.deleted': 'Virtual meter deleted',
  'tariffAssignment.saved': 'Tariff assignment recorded',
  'tariffAssignment.deleted': 'Tariff assignment deleted',
  'auth.signedIn': 'Signed in',
  'auth.signInFailed': 'Sign-in failed',
  'auth.lockedOut': 'Sign-in delayed (failed sign-ins)',
  'auth.signedOut': 'Signed out',
  'auth.passwordChanged': 'Own password changed',
  'user.setupAdmin': 'First administrator created',
  'user.added': 'User added',
  'user.updated': 'User changed',
  'user.disabled': 'User disabled',
  'user.passwordReset': 'Password reset',
  'user.recovered': 'User recovered at the computer',
  'meterGroup.saved': 'Meter group saved',
  'meterGroup.deleted': 'Meter group deleted',
  'credential.set': 'Meter password stored',
  'credential.deleted': 'Meter password deleted',
  'credential.delegated': 'Stored meter password used on a user\'s behalf',
  'reading.stored': 'Meter read',
  'reading.failed': 'Meter reading failed',
  'readings.imported': 'Readings imported',
  'readings.exported': 'Readings exported',
  'meters.exported': 'Meter list exported',
  'watchedFolder.saved': 'Watched folder saved',
  'watchedFolder.deleted': 'Watched folder deleted',
  'clock.set': 'Meter clock set',
  'clock.adjusted': 'Meter clock adjusted',
  'scheme.saved': 'Scheme saved',
  'scheme.renamed': 'Scheme renamed',
  'scheme.moved': 'Scheme moved',
  'scheme.deleted': 'Scheme deleted',
  'scheme.imported': 'Scheme imported',
  'scheme.exported': 'Scheme exported',
  'schemeFolder.saved': 'Scheme folder saved',
  'schemeFolder.deleted': 'Scheme folder deleted',
  'program.staged': 'Program staged',
  'program.approved': 'Program approved',
  'program.deleted': 'Staged program deleted',
  'program.uploaded': 'Meter programmed',
  'program.uploadFailed': 'Programming failed',
  'certificate.exported': 'Certificate exported',
  'audit.exported': 'Audit trail exported',
  'audit.breakAcknowledged': 'Broken audit trail acknowledged',
  'settings.changed': 'Settings changed',
  'settings.exported': 'Settings file written',
  'probeProfile.saved': 'Probe profile saved',
  'probeProfile.deleted': 'Probe profile deleted or reset',
  'probePort.assigned': 'Probe profile of a port chosen',
};

/** The plain name of `action`, or the action itself when it is not (yet) in the vocabulary. */
export function actionLabel(action: string): string {
  return (ACTION_LABELS as Record<string, string>)[action] ?? action;
}

/** The reading a trace link points at (`reading:42` → 42), or null. */
export function traceReadingId(traceRef: string | null): number | null {
  const m = traceRef ? /^reading:(\d+)$/.exec(traceRef) : null;
  return m ? Number(m[1]) : null;
}

/**
 * What a trace link points at, for a link in the table: `reading:42` → the stored reading (raw readout), `certificate:7`
 * → the programming certificate of job 7, `job:7` → a programming job that left no certificate (text only). Null for
 * none; unknown forms keep their text.
 */
export function traceTarget(traceRef: string | null): { kind: 'reading' | 'certificate'; id: number; label: string } | { kind: 'text'; label: string } | null {
  if (!traceRef) return null;
  const m = /^(reading|certificate|job):(\d+)$/.exec(traceRef);
  if (!m) return { kind: 'text', label: traceRef };
  const id = Number(m[2]);
  if (m[1] === 'reading') return { kind: 'reading', id, label: `Reading ${id}` };
  if (m[1] === 'certificate') return { kind: 'certificate', id, label: `Certificate ${id}` };
  return { kind: 'text', label: `Job ${id} (no certificate)` };
}

/** The audit filter form: meter serial, user name, action ('' = any), days `yyyy-MM-dd` ('' = open). */
export interface AuditFilterForm {
  readonly meterSerial: string;
  readonly username: string;
  readonly action: string;
  readonly from: string;
  readonly to: string;
}

export const EMPTY_AUDIT_FILTER: AuditFilterForm = { meterSerial: '', username: '', action: '', from: '', to: '' };

/** The filter as `audit.list` / `audit.exportCsv` arguments, or the plain error of the date range. */
export function auditFilterArgs(f: AuditFilterForm, zone: string): { args: CallArgs<'audit.exportCsv'> } | { error: string } {
  const range = dayRange(f.from, f.to, zone);
  if (range.error) return { error: range.error };
  return {
    args: {
      ...(f.meterSerial.trim() ? { meterSerial: f.meterSerial.trim() } : {}),
      ...(f.username.trim() ? { username: f.username.trim() } : {}),
      ...(f.action ? { action: f.action as AuditAction } : {}),
      ...(range.fromUtc ? { fromUtc: range.fromUtc } : {}),
      ...(range.toUtc ? { toUtc: range.toUtc } : {}),
    },
  };
}

/** The signature status of a verification in words, e.g. "Signed through record 41 of 41: every record is covered." */
export function signatureText(v: Pick<AuditVerifyView, 'records' | 'signedThroughSeq' | 'keyFingerprint'> & { findings?: AuditVerifyView['findings'] }): string {
  if (v.records === 0) return 'The trail is empty: nothing to sign yet.';
  if (v.signedThroughSeq === null) return 'No signed head: the records are not covered by the installation’s signature.';
  const uncovered = (v.findings ?? []).filter((f) => f.kind === 'unsigned').reduce((n, f) => n + f.toSeq - f.seq + 1, 0);
  const through = `Signed through record ${v.signedThroughSeq} of ${v.records}`;
  const covered =
    uncovered > 0
      ? `${through}: ${uncovered} record${uncovered === 1 ? ' is' : 's are'} not covered by a signature.`
      : v.signedThroughSeq >= v.records
        ? `${through}: every record is covered.`
        : `${through}: ${v.records - v.signedThroughSeq} newer record${v.records - v.signedThroughSeq === 1 ? ' is' : 's are'} not covered yet.`;
  return v.keyFingerprint ? `${covered} Key fingerprint ${v.keyFingerprint}.` : covered;
}

/**
 * Resuming work on a broken audit trail: `pmu audit acknowledge-break --reason <text>` (the administrator at the
 * computer, main/cli/audit.ts). Appends switch off when the chain they would extend is broken (./append.ts); this
 * appends ONE record, `audit.breakAcknowledged`, past the break — naming the finding, the reason given, and the
 * signed heads of records that are gone (so the evidence of a cut stays in the trail) — and signs it, so later
 * appends extend a good head again. The break itself stays: verification keeps reporting it, with this record.
 * Who may: whoever can open the installation's data key from this OS account (the key file, or the desktop's key
 * store) — the same access that could rewrite the store — recorded under the OS user with role `system`.
 */
import { systemActor } from '../core/actor';
import { appendAudit, type AuditContext } from './append';
import { AuditChainError } from './errors';
import { installationSigningKey } from './keys';
import { checkAppendLink } from './link-check';
import { lastRecord, listHeads } from './store';

/** What was acknowledged. */
export interface AcknowledgedBreak {
  /** Seq of the `audit.breakAcknowledged` record. */
  readonly seq: number;
  readonly finding: string;
}

/**
 * Acknowledge the current break (see the file comment).
 * @throws Error (plain) when the chain is not broken or no reason is given; SecretError when the data key cannot be
 *   opened (the acknowledgement must be signed).
 */
export function acknowledgeBreak(ctx: AuditContext, reason: string): AcknowledgedBreak {
  const why = reason.trim();
  if (why.length < 5) throw new Error('Give the reason for acknowledging the break (--reason "…"), at least 5 characters: it is recorded in the trail.');
  const key = installationSigningKey(ctx);
  return ctx.db.transaction(() => {
    let finding: AuditChainError;
    try {
      checkAppendLink(ctx.db, key);
      throw new Error('The audit trail is not broken: there is nothing to acknowledge. ("pmu audit verify" reports unsigned stretches and other findings; they do not stop work.)');
    } catch (err) {
      if (!(err instanceof AuditChainError)) throw err;
      finding = err;
    }
    const end = lastRecord(ctx.db)?.seq ?? 0;
    const staleHeads = listHeads(ctx.db).filter((h) => h.seq > end).map((h) => ({ seq: h.seq, hash: h.hash, signedUtc: h.signedUtc }));
    const out = appendAudit(
      ctx,
      {
        action: 'audit.breakAcknowledged',
        actor: systemActor(ctx.operator),
        object: `audit:${finding.seq}`,
        summary: { after: { reason: finding.reason, seq: finding.seq, finding: finding.finding, acknowledgedBecause: why.slice(0, 500), ...(staleHeads.length ? { headsOfMissingRecords: staleHeads.slice(0, 100) } : {}) } },
      },
      { acknowledgeBreak: true },
    );
    return { seq: out.record.seq, finding: finding.finding };
  }).immediate();
}

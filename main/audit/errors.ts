/**
 * The audit trail's own refusal: an append found that the chain it would extend is broken (a record changed, a
 * signed head missing or not matching, records cut from the end), so it refused to sign — signing would bless a
 * forgery (docs/security.md "Audit trail", reference tamper-evidence.md "Never sign what you have not verified").
 * The state change that wanted the record rolls back with it; nothing is changed.
 */

/** Why an append was refused. */
export type AuditBreakReason =
  /** The latest signed head covers more records than exist. */
  | 'truncated'
  /** The record the latest signed head covers no longer has the signed hash. */
  | 'rewritten'
  /** A record after the latest head does not match its hash or link. */
  | 'edited'
  /** The latest head's signature does not verify with the installation's key. */
  | 'signature'
  /** The head the latest head extends, or every head, is gone. */
  | 'missing-head';

/** An append refused because the chain is broken (see the file comment). `message` is plain language. */
export class AuditChainError extends Error {
  override readonly name = 'AuditChainError';
  /** Stable code of the API reply. */
  readonly code = 'AUDIT_BROKEN';
  constructor(
    readonly reason: AuditBreakReason,
    /** The first record (or head) concerned. */
    readonly seq: number,
    /** What is wrong, one plain sentence without the advice. */
    readonly finding: string,
  ) {
    super(
      `The audit trail is broken, so the workstation refused to record this action and changed nothing: ${finding} ` +
        'An auditor should check the trail ("pmu audit verify", or Verify on the Audit trail screen); the administrator at ' +
        'this computer can acknowledge the break ("pmu audit acknowledge-break") to resume work.',
    );
  }
}

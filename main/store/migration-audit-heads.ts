/**
 * Migration "signed audit heads name the head they extend" (issue 11, docs/security.md "Audit trail"): each signed head names the head it extends.
 * `audit_heads.prev_seq` = the seq of the signed head the appender checked before it signed this one (0 = none);
 * NULL for heads signed before this migration (message format `pmu-audit-head v1`, main/audit/chain.ts). With it the
 * heads form a chain of their own: a deleted head is a finding, and records appended without the key (no head of
 * their own) are reported as an unsigned stretch instead of being blessed by the next signature.
 */
export const AUDIT_HEADS_PREV_SEQ = `
ALTER TABLE audit_heads ADD COLUMN prev_seq INTEGER CHECK (prev_seq IS NULL OR (typeof(prev_seq) = 'integer' AND prev_seq >= 0 AND prev_seq < seq));
`;

/**
 * "Verify chain": checks every record's hash link and every signed head (audit.verify) and says plainly whether the
 * trail is intact, or lists every finding (edited, deleted, reordered, truncated, rewritten, forged or missing heads,
 * records no signature covers), with the signature status and the key fingerprint to compare with the one on file.
 * "Verify against an anchor…" takes an anchor file (or bundle) the auditor kept and proves nothing was cut or
 * rewritten since.
 */
import type { ChangeEvent } from 'react';
import { signatureText } from '../../lib/audit-words';
import { useAudit } from '../../state/audit';

const KIND_WORDS = {
  edited: 'changed after it was written',
  deleted: 'missing (deleted)',
  reordered: 'out of order',
  truncated: 'gone from the end (the trail was cut short)',
  rewritten: 'rewritten with consistent hashes that no longer match the signed head',
  signature: 'not covered by a valid signature',
  'missing-head': 'its signed head was deleted',
  unsigned: 'not covered by any signature',
} as const;

async function verifyWithAnchor(e: ChangeEvent<HTMLInputElement>): Promise<void> {
  const file = e.target.files?.[0];
  e.target.value = '';
  if (file) await useAudit.getState().verifyChain(await file.text());
}

export function VerifyPanel() {
  const verify = useAudit((s) => s.verify);
  const verifying = useAudit((s) => s.verifying);
  return (
    <section className="panel" aria-label="Chain verification">
      <div className="panel-head">
        <h2>Tamper check</h2>
        <span className="muted">Every record carries the hash of the one before it and its own head signed with this installation&apos;s key; an anchor kept elsewhere proves nothing was cut since.</span>
        <button type="button" className="button button-primary push-right" disabled={verifying} onClick={() => void useAudit.getState().verifyChain()}>
          {verifying ? 'Verifying…' : 'Verify chain'}
        </button>
        <label className="button button-light" title="Choose an anchor file (or signed bundle) exported earlier and kept away from this computer.">
          Verify against an anchor…
          <input type="file" accept=".json,application/json" hidden disabled={verifying} aria-label="Anchor file" onChange={(e) => void verifyWithAnchor(e)} />
        </label>
      </div>
      {verify && (
        <div
          role="status"
          aria-label="Verification result"
          data-testid="verify-result"
          data-intact={verify.intact ? 'true' : 'false'}
          className={verify.intact ? 'verify-result verify-intact' : 'verify-result verify-broken'}
        >
          <p className="verify-headline">
            <strong>{verify.intact ? 'Intact.' : 'Broken.'}</strong> {verify.message}
          </p>
          {verify.firstBroken && (
            <p data-testid="first-broken" data-seq={verify.firstBroken.seq} data-kind={verify.firstBroken.kind}>
              First broken record: <strong>#{verify.firstBroken.seq}</strong>, {KIND_WORDS[verify.firstBroken.kind]}. {verify.firstBroken.message}
            </p>
          )}
          {verify.findings.length > 1 && (
            <ul data-testid="findings" aria-label="Findings">
              {verify.findings.map((f, i) => (
                <li key={i} data-kind={f.kind} data-seq={f.seq}>
                  {f.message}
                </li>
              ))}
            </ul>
          )}
          <p data-testid="signature-status">{signatureText(verify)}</p>
          {verify.warnings.length > 0 && (
            <ul className="notes">
              {verify.warnings.map((w, i) => (
                <li key={i} className="note-warning">
                  {w}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}

/**
 * Verifying an audit chain (from the store or an exported bundle) against ALL its signed heads, and optionally an
 * anchor kept outside the workstation (docs/security.md "Audit trail"; reference tamper-evidence.md). Walks the
 * records in order, recomputes each hash (./chain.ts), checks the links, checks every signed head (signature by the
 * key, the hash of the record it covers, the head it says it extends), and reports every finding:
 * - `edited`       a record's content no longer matches its hash (any byte of any field changed);
 * - `deleted`      records are missing (a gap in the numbering, the next record's link points at nothing);
 * - `reordered`    a record is not at the position it was written at;
 * - `rewritten`    records were changed with recomputed hashes: they no longer match a head signed back then, or the
 *                  anchor;
 * - `truncated`    records were removed from the end: a signed head or the anchor covers more records than exist;
 * - `signature`    a head's signature does not verify with the key (or there is no key to check it with);
 * - `missing-head` a signed head is gone: the next head was signed as extending it;
 * - `unsigned`     records with no signed head of their own (appended where the signing key could not be opened,
 *                  or added outside the workstation): their content is proven by nobody.
 * "Intact" only when there is no finding: every record has its own valid head. Pure over its inputs;
 * ./verify-store.ts and ./bundle.ts feed it.
 */
import type { AuditVerifyView } from '../../contract/audit';
import { GENESIS_HASH, recordHash, type SignedHead, type StoredAuditRecord } from './chain';
import { fingerprintOf, headVerifier } from './keys';

/** Result of a verification (the contract's `audit.verify` answer). */
export type VerifyResult = AuditVerifyView;
type Finding = VerifyResult['findings'][number];

/** The records to verify. */
export interface ChainSource {
  /** Records in chain order (the store: by seq; a bundle: as listed). */
  records(): Iterable<StoredAuditRecord>;
  /** The record whose stored hash is `hash`, or null. */
  byHash(hash: string): StoredAuditRecord | null;
  /** Highest seq present (bounds the search for a moved record). */
  readonly maxSeq: number;
  /** Number of records. */
  readonly count: number;
}

/** The public key to check the heads with; `trusted` false = taken from the data being checked (warn). */
export interface VerifyKey {
  readonly publicKeyPem: string;
  readonly trusted: boolean;
}

const plural = (from: number, to: number) => (from === to ? `Record ${from} is` : `Records ${from} to ${to} are`);
const finding = (kind: Finding['kind'], seq: number, message: string, toSeq: number = seq): Finding => ({ seq, toSeq, kind, message });

/** The seq at which `r` was written, if its hash verifies under another seq (it was moved), else null. */
function originalSeq(r: StoredAuditRecord, maxSeq: number): number | null {
  for (let d = 1; d <= maxSeq + 1; d += 1) {
    for (const c of [r.seq + d, r.seq - d]) {
      if (c >= 1 && c <= maxSeq + 1 && recordHash(r.prevHash, { ...r, seq: c }) === r.hash) return c;
    }
  }
  return null;
}

/** Why the walk stopped at `r` (expected `expected`, after `prev`). */
function classify(r: StoredAuditRecord, prev: StoredAuditRecord | null, expected: number, src: ChainSource): Finding {
  if (recordHash(r.prevHash, r) !== r.hash) {
    const c = originalSeq(r, src.maxSeq);
    if (c !== null) return finding('reordered', r.seq, `The records were reordered: record ${c} was moved to position ${r.seq}.`);
    return finding('edited', r.seq, `Record ${r.seq} was changed after it was written: its content no longer matches its hash.`);
  }
  const linked = src.byHash(r.prevHash);
  if (r.seq > expected) {
    if (linked === null) {
      return finding('deleted', expected, `${plural(expected, r.seq - 1)} missing: deleted from the audit trail (record ${r.seq} follows record ${expected - 1}).`, r.seq - 1);
    }
    return finding('reordered', expected, `The records were reordered: record ${r.seq} comes where record ${expected} was written.`);
  }
  if (r.seq < expected) return finding('reordered', r.seq, `The records were reordered: record ${r.seq} appears again after record ${expected - 1}.`);
  if (linked !== null && linked !== prev && linked.hash !== prev?.hash) {
    return finding('reordered', r.seq, `The records were reordered: record ${r.seq} was written after record ${linked.seq}, not after record ${expected - 1}.`);
  }
  if (prev === null) return finding('deleted', 1, 'The first records of the audit trail are missing: record 1 does not start the chain.');
  return finding('edited', prev.seq, `Record ${prev.seq} was replaced after it was written: record ${r.seq} no longer follows it.`);
}

/** Options of {@link verifyChain}. */
export interface VerifyOptions {
  /** A signed head kept outside the workstation (./anchor.ts): the trail must still hold its record, unchanged. */
  readonly anchor?: SignedHead | null;
}

/**
 * Verify `src` against its signed `heads` (any order) with `key` (null: the signatures cannot be checked — a
 * finding, since a rewritten chain would then go unnoticed) and an optional anchor. Never throws.
 */
export function verifyChain(src: ChainSource, heads: readonly SignedHead[], key: VerifyKey | null, opts: VerifyOptions = {}): VerifyResult {
  const sorted = [...heads].sort((a, b) => a.seq - b.seq);
  const headSeqs = new Set(sorted.map((h) => h.seq));
  const valid = key ? headVerifier(key.publicKeyPem) : () => false;
  const anchor = opts.anchor ?? null;
  const findings: Finding[] = [];
  const warnings: string[] = [];
  let stop: { r: StoredAuditRecord; prev: StoredAuditRecord | null; expected: number } | null = null;
  let rewritten = false;
  const badHeads = { first: 0, count: 0 };
  let prev: StoredAuditRecord | null = null;
  let count = 0;
  let h = 0;
  let lastHead = 0; // seq of the last head met (valid or not)
  let signedThrough: SignedHead | null = null;
  let stretch: number | null = null; // first seq of the current run of records without a head
  let anchorHash: string | null = null;
  const closeStretch = (end: number, closer: SignedHead | null) => {
    if (stretch === null) return;
    const tail = closer === null
      ? ' (not yet signed: appended where the signing key could not be opened — e.g. by the command line on a desktop-protected installation — or added outside the workstation).'
      : closer.prevSeq !== null && closer.prevSeq < stretch
        ? ` (appended where the signing key could not be opened, or added outside the workstation; the next signed append, record ${closer.seq}, found them unsigned).`
        : ' (their signed heads were deleted, or they were added outside the workstation).';
    findings.push(finding('unsigned', stretch, `${plural(stretch, end)} not covered by a signature: no signed head of their own${tail}`, end));
    stretch = null;
  };

  for (const r of src.records()) {
    count += 1;
    const expected = (prev?.seq ?? 0) + 1;
    if (r.seq !== expected || r.prevHash !== (prev?.hash ?? GENESIS_HASH) || recordHash(r.prevHash, r) !== r.hash) {
      stop = { r, prev, expected }; // classified after the loop: the store's iterator must be closed first
      break;
    }
    if (anchor?.seq === r.seq) anchorHash = r.hash;
    while (h < sorted.length && sorted[h]!.seq < r.seq) h += 1;
    const head = sorted[h]?.seq === r.seq ? sorted[h]! : null;
    if (head === null) {
      stretch ??= r.seq;
    } else {
      h += 1;
      closeStretch(r.seq - 1, head);
      if (head.prevSeq !== null && head.prevSeq > 0 && !headSeqs.has(head.prevSeq)) {
        findings.push(finding('missing-head', head.prevSeq, `The signed head of record ${head.prevSeq} is missing: the head of record ${head.seq} was signed as extending it (heads were deleted from the store).`));
      } else if (head.prevSeq !== null && head.prevSeq < lastHead) {
        findings.push(finding('signature', head.seq, `The signed heads disagree: the head of record ${head.seq} was signed as extending record ${head.prevSeq}, but record ${lastHead} has a head in between.`));
      }
      lastHead = head.seq;
      if (key !== null && !valid(head)) {
        if (badHeads.count++ === 0) badHeads.first = r.seq;
      } else if (key !== null && head.hash !== r.hash) {
        if (!rewritten) findings.push(finding('rewritten', r.seq, `Record ${r.seq} and the records after it were rewritten: record ${r.seq} no longer matches the head signed when it was written (${head.signedUtc}).`));
        rewritten = true;
      } else if (key !== null) {
        signedThrough = head;
      }
    }
    prev = r;
  }
  if (badHeads.count > 0) {
    const { first, count: n } = badHeads;
    const which = n === 1 ? `The signed head of record ${first} is` : `${n} signed heads, the first of record ${first}, are`;
    findings.push(finding('signature', first, `${which} not valid for the public key ${safeFingerprint(key!.publicKeyPem)}: forged, or signed with another key.`));
  }
  if (stop !== null) {
    findings.unshift(classify(stop.r, stop.prev, stop.expected, src));
  } else {
    const last = prev?.seq ?? 0;
    if (sorted.length === 0 && count > 0) {
      findings.push(finding('unsigned', 1, `The audit trail has no signed head: ${plural(1, last).toLowerCase()} not covered by a signature, so it cannot be proven that they were not rewritten.`, last));
      stretch = null;
    }
    closeStretch(last, null);
    const beyond = sorted.filter((x) => x.seq > last);
    if (beyond.length > 0 && (key === null || beyond.some(valid))) {
      const top = beyond.at(-1)!;
      findings.push(finding('truncated', last + 1, `${plural(last + 1, top.seq)} missing from the end of the audit trail: it was signed up to record ${top.seq} (${top.signedUtc}).`, top.seq));
    }
    if (anchor !== null) checkAnchor(anchor, last, anchorHash, key, findings);
  }
  if (key === null && sorted.length > 0) findings.push(finding('signature', sorted[0]!.seq, 'No public key is available to check the signed heads. Give the installation\'s public key.'));
  const fingerprint = key ? safeFingerprint(key.publicKeyPem) : null;
  if (key && !key.trusted) warnings.push(`The signatures were checked with the public key stored with the trail (fingerprint ${fingerprint}); compare it with the fingerprint you hold.`);
  if (anchor === null && count > 0) {
    warnings.push('No anchor was given: records cut from the end together with their signed heads cannot be detected without a signed head kept elsewhere ("pmu audit anchor", or any audit export, then "pmu audit verify --anchor <file>").');
  }
  return summarise(count, findings, warnings, signedThrough, fingerprint, anchor);
}

/** The anchor's record must still be there with the hash it signed (its signature is checked like any head). */
function checkAnchor(anchor: SignedHead, last: number, anchorHash: string | null, key: VerifyKey | null, findings: Finding[]): void {
  if (key === null || !headVerifier(key.publicKeyPem)(anchor)) {
    findings.push(finding('signature', anchor.seq, `The anchor (record ${anchor.seq}, signed ${anchor.signedUtc}) is not signed by this installation's key: it belongs to another installation, or the key was replaced.`));
  } else if (anchor.seq > last) {
    findings.push(finding('truncated', last + 1, `The audit trail was cut: the anchor signed ${anchor.signedUtc} covers record ${anchor.seq}, but the trail now ends at record ${last}.`, anchor.seq));
  } else if (anchorHash !== anchor.hash) {
    findings.push(finding('rewritten', anchor.seq, `The audit trail was rewritten since the anchor signed ${anchor.signedUtc}: record ${anchor.seq} is no longer the record it covers.`));
  }
}

function summarise(count: number, all: Finding[], warnings: string[], through: SignedHead | null, fingerprint: string | null, anchor: SignedHead | null): VerifyResult {
  const findings = [...all].sort((a, b) => a.seq - b.seq);
  const first = all[0] && all[0].kind !== 'unsigned' ? all[0] : (findings.find((f) => f.kind !== 'unsigned') ?? findings[0] ?? null);
  const anchoredSeq = anchor !== null && !findings.some((f) => f.seq <= anchor.seq || f.kind === 'truncated') ? anchor.seq : null;
  const base = { records: count, signedThroughSeq: through?.seq ?? null, keyFingerprint: fingerprint, findings, warnings, anchoredSeq };
  if (first !== null) {
    const more = findings.length > 1 ? ` (${findings.length - 1} more finding${findings.length === 2 ? '' : 's'} listed below)` : '';
    return { ...base, intact: false, firstBroken: { seq: first.seq, kind: first.kind, message: first.message }, message: `The audit trail is NOT intact. ${first.message}${more}` };
  }
  if (count === 0) return { ...base, intact: true, firstBroken: null, message: 'The audit trail is empty.' };
  const anchored = anchoredSeq !== null ? ` It extends the anchor of record ${anchoredSeq} (signed ${anchor!.signedUtc}): nothing was cut or rewritten since.` : '';
  return {
    ...base,
    intact: true,
    firstBroken: null,
    message: `The audit trail is intact: ${count} record${count === 1 ? '' : 's'}, signed through record ${through!.seq} (head ${through!.hash.slice(0, 16)}…, signed ${through!.signedUtc}), every record covered by its own signed head.${anchored}`,
  };
}

function safeFingerprint(pem: string): string | null {
  try {
    return fingerprintOf(pem);
  } catch {
    return null;
  }
}

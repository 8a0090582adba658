/**
 * The .RES reading-result file, format version 1 (specification: docs/res-format.md): a human-readable,
 * checksummed, lossless text form of a ReadingResult. `formatRes` writes it, `parseRes` reads it back;
 * parseRes(formatRes(r)) deep-equals r.
 */
import { withoutSignature } from './signature';
import { createHash } from 'node:crypto';
import { interpretationToJson } from '../../protocol/interpretation-schema';
import type { ReadingResult } from '../../protocol/reading';
import { parseBody } from './body';
import { ResFormatError } from './errors';
import {
  base64Lines,
  escapeNullable,
  escapeText,
  formatGroups,
  formatNullableNumber,
  formatNumber,
  formatTimestamp,
} from './fields';
import { INTERVAL_COLUMNS, NOTE_COLUMNS, REGISTER_COLUMNS } from './sections';

export { RES_ERROR_REASONS, ResFormatError } from './errors';
export type { ResErrorReason } from './errors';

/** The format version this code writes and reads. */
export const RES_VERSION = 1;
/** First line of every version-1 file. */
export const RES_MAGIC = `PMU-RES ${RES_VERSION}`;

/**
 * SHA-256 (lower-case hex) of body lines as the `[end]` section states it: the UTF-8 bytes of every line
 * before `[end]` (magic line included), each followed by one LF, whatever line ending the file uses.
 */
export function resChecksum(lines: readonly string[]): string {
  return createHash('sha256').update(lines.length === 0 ? '' : `${lines.join('\n')}\n`, 'utf8').digest('hex');
}

/** Appends the `[end]` section to `lines` (everything before it) and joins with CR LF, ending with CR LF. */
export function sealRes(lines: readonly string[]): string {
  return [...lines, '[end]', `lines=${lines.length}`, `sha256=${resChecksum(lines)}`, ''].join('\r\n');
}

/**
 * A ReadingResult → the text of a version-1 .RES file (CR LF line ends, UTF-8 when written to disk).
 * Deterministic: the same reading always gives the same text. Throws RangeError for content the format
 * cannot hold: a number that is NaN/±Infinity, an invalid time stamp, or an interval whose value count
 * differs from the channel count.
 */
export function formatRes(r: ReadingResult): string {
  const out: string[] = [RES_MAGIC, '[reading]', `version=${formatNumber(r.version, 'version')}`];
  const m = r.meter;
  out.push('[meter]', `identification=${escapeText(m.identification)}`, `manufacturer=${escapeText(m.manufacturer)}`);
  out.push(`model=${escapeText(m.model)}`, `serial=${escapeNullable(m.serial)}`, `address=${escapeText(m.address)}`);
  const s = r.session;
  out.push(
    '[session]',
    `port=${escapeText(s.port)}`,
    `operator=${escapeText(s.operator)}`,
    `started_utc=${formatTimestamp(s.startedUtc, true, 'session start')}`,
    `finished_utc=${formatTimestamp(s.finishedUtc, true, 'session end')}`,
    `mode=${escapeText(s.mode)}`,
    `baud=${formatNumber(s.baud, 'baud rate')}`,
    `time_zone=${escapeText(s.timeZone)}`,
    `software=${escapeText(s.software)}`,
  );
  out.push('[registers]', REGISTER_COLUMNS.join('\t'));
  for (const g of r.registers) {
    const what = `register ${g.address}`;
    out.push(
      [
        escapeText(g.address),
        escapeText(g.obis),
        escapeText(g.code),
        formatNullableNumber(g.billingPeriod, `${what} billing period`),
        formatNullableNumber(g.value, `${what} value`),
        escapeText(g.text),
        escapeNullable(g.unit),
        g.timestampLocal === null ? '' : formatTimestamp(g.timestampLocal, false, `${what} time stamp`),
        formatGroups(g.values.map((v) => v.raw)),
        escapeText(interpretationToJson(g.interpretation)),
      ].join('\t'),
    );
  }
  out.push('[load-profile]');
  const lp = r.loadProfile;
  if (lp === null) out.push('present=0');
  else {
    out.push('present=1', `profile=${formatNumber(lp.profile, 'profile')}`, `period_minutes=${formatNumber(lp.periodMinutes, 'capture period')}`);
    out.push(`channels=${lp.channels.length}`);
    lp.channels.forEach((c, k) => out.push(`channel.${k + 1}.obis=${escapeText(c.obis)}`, `channel.${k + 1}.unit=${escapeText(c.unit)}`));
    out.push([...INTERVAL_COLUMNS, ...lp.channels.map((_c, k) => `v${k + 1}`)].join('\t'));
    for (const iv of lp.intervals) {
      if (iv.values.length !== lp.channels.length) {
        throw new RangeError(`Load-profile interval ${iv.startUtc} has ${iv.values.length} values for ${lp.channels.length} channels.`);
      }
      out.push(
        [
          formatTimestamp(iv.startUtc, true, 'interval start'),
          formatTimestamp(iv.endUtc, true, 'interval end'),
          formatTimestamp(iv.startLocal, false, 'interval local start'),
          iv.dst ? '1' : '0',
          escapeText(iv.status),
          ...iv.values.map((v, k) => formatNullableNumber(v, `interval ${iv.startUtc} channel ${k + 1}`)),
        ].join('\t'),
      );
    }
  }
  out.push('[notes]', NOTE_COLUMNS.join('\t'));
  for (const n of r.notes) out.push(`${escapeText(n.level)}\t${escapeText(n.message)}`);
  out.push('[raw-readout]', `bytes=${r.raw.readout.length}`, ...base64Lines(r.raw.readout));
  const rawLp = r.raw.loadProfile;
  out.push('[raw-load-profile]', `bytes=${rawLp === null ? '' : rawLp.length}`, ...(rawLp === null ? [] : base64Lines(rawLp)));
  return sealRes(out);
}

/**
 * The text of a .RES file → the ReadingResult it holds. Accepts CR LF or LF line ends and a leading UTF-8
 * BOM. Checks, in this order: the magic line and format version, the `[end]` section (present, line count,
 * SHA-256), then every section, row and field. A `[signature]` section after `[end]` (./signature.ts) is set aside:
 * `checkResSignature` judges it. Throws {@link ResFormatError} (`reason`, 1-based `line`).
 */
export function parseRes(signedText: string): ReadingResult {
  const text = withoutSignature(signedText);
  const lines = (text.startsWith('\ufeff') ? text.slice(1) : text).split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  checkMagic(lines[0] ?? '');
  const end = lines.indexOf('[end]');
  if (end < 0) {
    throw new ResFormatError(
      'truncated',
      lines.length + 1,
      'the file ends before its [end] section: it was cut short (copy interrupted, disk full, or still being written). Use another copy of the file.',
    );
  }
  checkEnd(lines, end);
  return parseBody(lines.slice(1, end), 2);
}

function checkMagic(first: string): void {
  const m = /^PMU-RES (\d+)$/.exec(first);
  const version = m === null ? NaN : Number(m[1]);
  if (version > RES_VERSION) {
    throw new ResFormatError(
      'unsupported-version',
      1,
      `it is a .RES file of format version ${m?.[1]}, but this app reads version ${RES_VERSION} only. A newer app is needed: update PMU Workstation to open it.`,
    );
  }
  if (version !== RES_VERSION) {
    throw new ResFormatError('not-res', 1, `this is not a PMU Workstation reading file: the first line should be "${RES_MAGIC}".`);
  }
}

const CHANGED = 'the file was changed or cut short after it was written. Use the original file; .RES files must not be edited.';

function checkEnd(lines: readonly string[], end: number): void {
  const tail = lines.slice(end + 1);
  const lineKey = tail[0];
  const shaKey = tail[1];
  const partial = (l: string | undefined) => l === undefined || (tail.length === 2 && ('sha256='.startsWith(l) || /^sha256=[0-9a-f]{0,63}$/.test(l)));
  if (lineKey === undefined || partial(shaKey)) {
    throw new ResFormatError('truncated', lineKey === undefined ? end + 2 : end + 3, `the [end] section is incomplete: ${CHANGED}`);
  }
  const count = /^lines=(\d+)$/.exec(lineKey);
  const sha = /^sha256=([0-9a-f]{64})$/.exec(shaKey ?? '');
  if (count === null) throw new ResFormatError('bad-line', end + 2, `the [end] section should go on with "lines=<number>".`);
  if (sha === null) throw new ResFormatError('bad-line', end + 3, `the [end] section should end with "sha256=<64 hex digits>".`);
  if (tail.length > 2) throw new ResFormatError('trailing-data', end + 4, `there is text after the [end] section: ${CHANGED}`);
  if (Number(count[1]) !== end) {
    throw new ResFormatError('checksum-mismatch', end + 2, `the file has ${end} lines before [end] but says lines=${count[1]}: ${CHANGED}`);
  }
  if (resChecksum(lines.slice(0, end)) !== sha[1]) {
    throw new ResFormatError('checksum-mismatch', end + 3, `the checksum (sha256) does not match the content: ${CHANGED}`);
  }
}

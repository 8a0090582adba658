import { describe, expect, it } from 'vitest';
import { buildReading } from '../store/test-fixtures';
import { formatRes, parseRes, ResFormatError, sealRes, type ResErrorReason } from './codec';

const good = formatRes(buildReading({ intervals: 6 }));
/** Lines before `[end]`, as written. */
const body = good.split('\r\n').slice(0, good.split('\r\n').indexOf('[end]'));
/** 1-based line number of the first line satisfying `pred`. */
const lineOf = (pred: (l: string) => boolean): number => body.findIndex(pred) + 1;

/** Edits the body and writes a valid [end] again (a file made by a faulty writer, not a damaged one). */
function resealed(edit: (lines: string[]) => string[]): string {
  return sealRes(edit([...body]));
}

function failure(text: string): ResFormatError {
  try {
    parseRes(text);
  } catch (err) {
    expect(err).toBeInstanceOf(ResFormatError);
    return err as ResFormatError;
  }
  throw new Error('parseRes accepted the file');
}

function expectFailure(text: string, reason: ResErrorReason, line: number, message?: RegExp): void {
  const err = failure(text);
  expect({ reason: err.reason, line: err.line }).toEqual({ reason, line });
  expect(err.message).toContain(`(line ${line})`);
  if (message) expect(err.message).toMatch(message);
}

describe('parseRes refuses damaged or foreign files', () => {
  it('not a .RES file (wrong magic)', () => {
    expectFailure('Hello\r\n[reading]\r\n', 'not-res', 1, /first line should be "PMU-RES 1"/);
    expectFailure('', 'not-res', 1);
  });

  it('a newer format version, naming the version and asking for a newer app', () => {
    expectFailure(good.replace('PMU-RES 1', 'PMU-RES 2'), 'unsupported-version', 1, /format version 2.*newer app is needed/);
  });

  it('a file cut short before [end]', () => {
    const lines = good.split('\r\n');
    const cut = lines.slice(0, 40).join('\r\n') + '\r\n';
    expectFailure(cut, 'truncated', 41, /cut short/);
    expectFailure(good.slice(0, good.length / 2), 'truncated', good.slice(0, good.length / 2).split('\n').length + 1);
  });

  it('a file cut inside the [end] section', () => {
    const end = body.length + 1;
    expectFailure(good.slice(0, good.length - 20), 'truncated', end + 2, /changed or cut short after it was written/);
    expectFailure(good.slice(0, good.indexOf('sha256=')), 'truncated', end + 2);
    expectFailure(good.slice(0, good.indexOf('\r\nlines=')), 'truncated', end + 1);
  });

  it('a value edited after writing (checksum mismatch)', () => {
    const edited = good.replace('\t8048.375\t', '\t9048.375\t');
    expect(edited).not.toBe(good);
    expectFailure(edited, 'checksum-mismatch', body.length + 3, /the file was changed or cut short after it was written/);
  });

  it('a line removed after writing (line count mismatch)', () => {
    const lines = good.split('\r\n');
    lines.splice(lineOf((l) => l.startsWith('1.8.1\t')) - 1, 1);
    expectFailure(lines.join('\r\n'), 'checksum-mismatch', body.length + 1, /says lines=/);
  });

  it('text appended after [end]', () => {
    expectFailure(good + 'extra\r\n', 'trailing-data', body.length + 4);
  });

  it('a register row with a missing column', () => {
    const at = lineOf((l) => l.startsWith('1.8.2\t'));
    const text = resealed((l) => l.map((x, i) => (i === at - 1 ? x.split('\t').slice(1).join('\t') : x)));
    expectFailure(text, 'bad-row', at, /9 columns; 10 were expected/);
  });

  it('a bad number', () => {
    const at = lineOf((l) => l.startsWith('1.8.0\t'));
    expectFailure(resealed((l) => l.map((x, i) => (i === at - 1 ? x.replace('8048.375', '8048,375') : x))), 'bad-number', at, /"8048,375" is not a number/);
    const baud = lineOf((l) => l.startsWith('baud='));
    expectFailure(resealed((l) => l.map((x) => (x === 'baud=9600' ? 'baud=1e999' : x))), 'bad-number', baud);
  });

  it('a bad time stamp (UTC and meter local)', () => {
    const started = lineOf((l) => l.startsWith('started_utc='));
    expectFailure(resealed((l) => l.map((x, i) => (i === started - 1 ? 'started_utc=2026-02-30T04:10:00.000Z' : x))), 'bad-timestamp', started, /not a UTC time/);
    const row = lineOf((l) => l.startsWith('2026-03-28T22:15:00.000Z\t'));
    expectFailure(
      resealed((l) => l.map((x, i) => (i === row - 1 ? x.replace('\t2026-03-28T22:15:00\t', '\t2026-03-28T22:15:00+00:00\t') : x))),
      'bad-timestamp',
      row,
      /meter local time/,
    );
  });

  it('bad base64 (a foreign character, a short line, a wrong byte count)', () => {
    const first = lineOf((l) => l === '[raw-readout]') + 2;
    expectFailure(resealed((l) => l.map((x, i) => (i === first - 1 ? `!${x.slice(1)}` : x))), 'bad-base64', first);
    expectFailure(resealed((l) => l.map((x, i) => (i === first - 1 ? x.slice(4) : x))), 'bad-base64', first);
    expectFailure(resealed((l) => l.map((x) => (x === 'bytes=662' ? 'bytes=661' : x))), 'bad-base64', lineOf((l) => l === '[raw-load-profile]') - 1, /hold 662 bytes.*bytes=661/);
  });

  it('a missing section', () => {
    const notes = lineOf((l) => l === '[notes]');
    const raw = lineOf((l) => l === '[raw-readout]');
    const text = resealed((l) => [...l.slice(0, notes - 1), ...l.slice(raw - 1)]);
    expectFailure(text, 'missing-section', notes, /\[notes\] section is missing/);
  });

  it('an unknown section, a bad escape, a bad dst flag, a missing key', () => {
    const reg = lineOf((l) => l === '[registers]');
    expectFailure(resealed((l) => l.map((x, i) => (i === reg - 1 ? '[registerz]' : x))), 'bad-section', reg);
    const op = lineOf((l) => l.startsWith('operator='));
    expectFailure(resealed((l) => l.map((x, i) => (i === op - 1 ? 'operator=j\\qsmith' : x))), 'bad-escape', op, /unknown escape "\\q"/);
    const row = lineOf((l) => l.startsWith('2026-03-28T22:30:00.000Z\t'));
    expectFailure(resealed((l) => l.map((x, i) => (i === row - 1 ? x.replace('\t0\t00\t', '\t2\t00\t') : x))), 'bad-value', row, /dst column/);
    const meter = lineOf((l) => l === '[meter]');
    expectFailure(resealed((l) => l.filter((x) => !x.startsWith('serial='))), 'bad-line', meter, /no "serial=" line/);
  });

  it('names the file, line and reason in a plain message', () => {
    const err = failure(good.replace('\t8048.375\t', '\t9048.375\t')).withFile('C:\\RES\\60219548_20260329T041000Z.RES');
    expect(err.message).toBe(
      `The .RES file "C:\\RES\\60219548_20260329T041000Z.RES" cannot be read (line ${body.length + 3}): ` +
        'the checksum (sha256) does not match the content: the file was changed or cut short after it was written. ' +
        'Use the original file; .RES files must not be edited.',
    );
  });
});

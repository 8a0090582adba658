import { describe, expect, it } from 'vitest';
import { FrameError } from '../../iec62056-21/errors';
import { parseIdentification } from '../../iec62056-21/identification';
import { A1700_EXAMPLE_IDENTIFICATION, SYNTHETIC_IDENTIFICATIONS, parseElsterIdentification } from './identification';

describe('Elster identification', () => {
  it('decodes the reference A1700 example /GEC5090100100400@000', () => {
    const id = parseElsterIdentification(`${A1700_EXAMPLE_IDENTIFICATION}\r\n`);
    expect(id.isElster).toBe(true);
    expect(id.family).toBe('A1700');
    expect(id.deviceTypeDigits).toBe('09');
    expect(id.identification.maxBaud).toBe(9600);
    expect(id.identification.mode).toBe('C');
  });

  const table: [string, string, string | null][] = [
    [SYNTHETIC_IDENTIFICATIONS.A1140, 'A1140', '051'],
    [SYNTHETIC_IDENTIFICATIONS.A1120, 'A1120', '050'],
    ['/GEC4xx051', 'A1140', '051'], // 4800 baud; only characters 7..9 decide
    ['/gec3xx050zz', 'A1120', '050'], // flag in any case
    ['/GEC509', 'A1700', '09'],
    ['/GEC5xx052', 'unknown', null],
    ['/GEC5', 'unknown', null],
    ['/ISk5MT174-0001', 'unknown', null], // another make, even if digits matched
    ['/ISK5xx051', 'unknown', null],
  ];
  for (const [line, family, digits] of table) {
    it(`${line} → ${family}`, () => {
      const id = parseElsterIdentification(line);
      expect(id.family).toBe(family);
      expect(id.deviceTypeDigits).toBe(digits);
      expect(id.rule === null).toBe(family === 'unknown');
    });
  }

  it('accepts an identification parsed already', () => {
    expect(parseElsterIdentification(parseIdentification('/GEC509')).family).toBe('A1700');
  });

  it('does not take 09 after an enhanced-identification \\W as the A1700 digits', () => {
    expect(parseElsterIdentification('/GEC5\\209').family).toBe('unknown');
  });

  it('throws the generic FrameError for a line that is no identification', () => {
    expect(() => parseElsterIdentification('GEC5090100')).toThrow(FrameError);
  });
});

import { describe, expect, it } from 'vitest';
import { BccError, FrameError } from '../../iec62056-21/errors';
import { encodeDataMessage } from '../../iec62056-21/frames';
import {
  decodeAnswerFrame, decodeClientCommand, decodeDataAnswer, decodeSeedFrame, encodeAnswerFrame, encodeDataAnswer,
  encodeErrorAnswer, encodeErrorFrame, encodePasswordFrame, encodeSeedFrame, encodeSeedOperand, parseErrorAnswer, parseSeedOperand,
} from './answers';
import { encodeElsterCommand } from './commands';
import { ELSTER_ERROR_CODES, ELSTER_ERROR_MESSAGES, ElsterDataError, ElsterMeterError } from './errors';

const hex = (h: string) => Uint8Array.from(h.match(/../g) ?? [], (b) => parseInt(b, 16));
const toHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('').toUpperCase();
function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('answer messages byte table', () => {
  it('(0A1B) ↔ STX (0A1B) ETX BCC', () => {
    const bytes = '022830413142290300';
    expect(toHex(encodeAnswerFrame(hex('0A1B')))).toBe(bytes);
    expect(toHex(decodeAnswerFrame(hex(bytes), 'answer', 2))).toBe('0A1B');
  });
  it('a 16-byte serial number answer', () => {
    const bytes = '02283330333133323333333433353336333733383339343134323433343434353436290304';
    const data = decodeAnswerFrame(hex(bytes), 'answer to R1 798', 16);
    expect(String.fromCharCode(...data)).toBe('0123456789ABCDEF');
    expect(toHex(encodeAnswerFrame(data))).toBe(bytes);
  });
  it('lower-case hex and a trailing CR LF are accepted', () => {
    expect(toHex(decodeDataAnswer('(0a1b)\r\n'))).toBe('0A1B');
    expect(encodeDataAnswer(hex('0A1B'))).toBe('(0A1B)');
  });
  it('a damaged answer is a BccError; a cut one a FrameError; a wrong length or shape an ElsterDataError', () => {
    expect(caught(() => decodeAnswerFrame(hex('022830413142290301')))).toBeInstanceOf(BccError);
    expect(caught(() => decodeAnswerFrame(hex('0228304131')))).toBeInstanceOf(FrameError);
    expect(caught(() => decodeAnswerFrame(encodeAnswerFrame(hex('0A1B')), 'answer', 3))).toBeInstanceOf(ElsterDataError);
    expect(caught(() => decodeDataAnswer('0A1B'))).toBeInstanceOf(ElsterDataError);
    expect(caught(() => decodeDataAnswer('(0A1)'))).toBeInstanceOf(ElsterDataError);
    expect(caught(() => decodeAnswerFrame(encodeElsterCommand('R1', '798001(10)')))).toBeInstanceOf(ElsterDataError);
  });
});

describe('ERR1…ERR6 answers', () => {
  const frames: Record<string, string> = {
    ERR1: '022845525231290376', ERR2: '022845525232290375', ERR3: '022845525233290374',
    ERR4: '022845525234290373', ERR5: '022845525235290372', ERR6: '022845525236290371',
  };
  for (const code of ELSTER_ERROR_CODES) {
    it(`(${code}) → ElsterMeterError ${code} with a plain message`, () => {
      expect(toHex(encodeErrorFrame(code))).toBe(frames[code]);
      expect(encodeErrorAnswer(code)).toBe(`(${code})`);
      const e = caught(() => decodeAnswerFrame(hex(frames[code]!), 'answer to R1 798')) as ElsterMeterError;
      expect(e).toBeInstanceOf(ElsterMeterError);
      expect(e.code).toBe('METER_ERROR');
      expect(e.elsterCode).toBe(code);
      expect(e.message).toBe(ELSTER_ERROR_MESSAGES[code]);
      expect(e.message).toContain(code);
      expect(e.detail).toContain('answer to R1 798');
    });
  }
  it('the messages say what happened', () => {
    expect(ELSTER_ERROR_MESSAGES.ERR1).toMatch(/bad command/);
    expect(ELSTER_ERROR_MESSAGES.ERR2).toMatch(/bad data ID/);
    expect(ELSTER_ERROR_MESSAGES.ERR3).toMatch(/bad packet/);
    expect(ELSTER_ERROR_MESSAGES.ERR5).toMatch(/locked|timed out/);
    expect(ELSTER_ERROR_MESSAGES.ERR6).toMatch(/communications/);
  });
  it('normalises (ERR05) and reports unknown codes generically', () => {
    expect(parseErrorAnswer('(ERR05)')).toBe('ERR5');
    expect(parseErrorAnswer('(err3)\r\n')).toBe('ERR3');
    expect(parseErrorAnswer('(0A1B)')).toBeNull();
    const e = caught(() => decodeDataAnswer('(ERR9)', 'answer to W1 861')) as ElsterMeterError;
    expect(e.elsterCode).toBe('ERR9');
    expect(e.message).toMatch(/W1 861 with ERR9/);
  });
});

describe('password messages byte table', () => {
  it('P0 seed: SOH P0 STX (0123456789ABCDEF) ETX BCC', () => {
    const bytes = '015030022830313233343536373839414243444546290366';
    expect(toHex(encodeSeedFrame('0123456789abcdef'))).toBe(bytes);
    expect(decodeSeedFrame(hex(bytes))).toBe('0123456789ABCDEF');
    expect(parseSeedOperand(encodeSeedOperand('0123456789ABCDEF'))).toBe('0123456789ABCDEF');
  });
  it('P1 and P2', () => {
    expect(toHex(encodePasswordFrame({ command: 'P1', operand: 'ABCDEFGH' }))).toBe('01503102284142434445464748290369');
    expect(toHex(encodePasswordFrame({ command: 'P2', operand: '6090C0F0205080B0' }))).toBe('015032022836303930433046303230353038304230290315');
  });
  it('rejects a seed that is not 16 hex digits', () => {
    expect(() => encodeSeedOperand('0123')).toThrow(RangeError);
    expect(caught(() => parseSeedOperand('(0123)'))).toBeInstanceOf(ElsterDataError);
    expect(caught(() => decodeSeedFrame(encodeElsterCommand('P1', '(0123456789ABCDEF)')))).toBeInstanceOf(ElsterDataError);
  });
});

describe('client commands as the meter receives them', () => {
  it('decodes every command of the dialect', () => {
    expect(decodeClientCommand(hex('01523102373938303031283130290365'))).toEqual({ command: 'R1', request: { dataId: '798', packet: 1, length: 16 } });
    expect(decodeClientCommand(hex('015731023535313030312846464646290366'))).toEqual({ command: 'W1', request: { dataId: '551', packet: 1, data: hex('FFFF') } });
    expect(decodeClientCommand(hex('01524402353530303031283034290313'))).toEqual({ command: 'RD', request: { dataId: '550', blocks: 4 } });
    expect(decodeClientCommand(hex('01503102284142434445464748290369'))).toEqual({ command: 'P1', operand: 'ABCDEFGH' });
    expect(decodeClientCommand(hex('015032022836303930433046303230353038304230290315'))).toEqual({ command: 'P2', operand: '6090C0F0205080B0' });
    expect(decodeClientCommand(hex('0142300371'))).toEqual({ command: 'B0' });
  });
  it('rejects damaged messages, and answers ERR1 to unknown commands and data messages', () => {
    // Damaged on the way (last BCC bit flipped): the checksum is checked first.
    expect(caught(() => decodeClientCommand(hex('01523102373938303031283130290364')))).toBeInstanceOf(BccError);
    const e2 = caught(() => decodeClientCommand(encodeElsterCommand('E2' as 'R1', '(x)'))) as ElsterDataError;
    expect(e2.meterAnswer).toBe('ERR1');
    const e3 = caught(() => decodeClientCommand(encodeDataMessage('(0A)'))) as ElsterDataError;
    expect(e3.meterAnswer).toBe('ERR1');
    const e4 = caught(() => decodeClientCommand(encodeElsterCommand('P2', 'nobrackets'))) as ElsterDataError;
    expect(e4.meterAnswer).toBe('ERR1');
  });
});

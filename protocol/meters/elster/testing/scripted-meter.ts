import { asciiToBytes } from '../../../iec62056-21/control';
import { encodeDataMessage } from '../../../iec62056-21/frames';
import { type ScriptReply, type ScriptedLink, scriptedLink } from '../../../iec62056-21/testing/scripted-transport';
import { type ElsterClientCommand, decodeClientCommand, encodeAnswerFrame, encodeErrorFrame, encodeSeedFrame } from '../answers';
import type { ElsterErrorCode } from '../errors';
import { SYNTHETIC_IDENTIFICATIONS } from '../identification';
import { elsterP2Response, LEVEL3_FIRST_P2 } from '../password';
import { encodeStream } from '../stream';

/**
 * Test support: a small scripted Elster meter for the client tests of protocol/ (no I/O, no timers of its own).
 * It answers sign-on, option select Y=6/Y=1 (P0 with a fixed seed), P1/P2 (levels 1–3), R1 (64-byte packets of
 * its items), W1 (stored; level 3 needed except for the load-profile selection 551/554 and the clock 861), RD (every
 * block at once, as the driver expects: the client answers nothing per block; `streamMangle` may damage them) and B0.
 * `fault` may replace the answer to any client message (by returning a reply) to inject errors. It is NOT the
 * emulator (main/emulator/); it only follows the reference note as the client reads it.
 */

/** State and knobs of the scripted meter. */
export interface ScriptedElsterMeter {
  readonly link: ScriptedLink;
  /** Items by data ID; writes replace them (except 551, whose read and write layouts differ). */
  readonly items: Map<string, Uint8Array>;
  /** The last value written to each data ID. */
  readonly written: Map<string, Uint8Array>;
  /** Decoded client commands in order (password operands included). */
  readonly commands: ElsterClientCommand[];
  /** Security level reached in the current session (0 = none). */
  level: number;
  /** Number of sign-ons seen. */
  signOns: number;
  /** Stream blocks sent (repeats included). */
  blocksSent: number;
  /** ESC bytes received. */
  escs: number;
}

/** Options of the scripted meter. */
export interface ScriptedElsterOptions {
  readonly identification?: string;
  readonly password?: string;
  readonly seed?: string;
  readonly items?: Record<string, Uint8Array>;
  /** Replace the answer to a client message: return undefined to let the meter answer normally. */
  readonly fault?: (sent: string, meter: ScriptedElsterMeter, command: ElsterClientCommand | null) => ScriptReply | undefined;
  /** Change the meter's normal answer before it is sent (e.g. damage a stream block); the meter's state advances as usual. */
  readonly mangle?: (reply: ScriptReply, sent: string, meter: ScriptedElsterMeter) => ScriptReply;
  /** Change the bytes of the whole stream (all blocks joined) before they are sent; `attempt` counts RD requests from 0. */
  readonly streamMangle?: (stream: Uint8Array, attempt: number) => Uint8Array;
  /** Echo every client write first (a half-duplex probe). */
  readonly echo?: boolean;
}

/** Build the scripted meter and its link. */
export function scriptedElsterMeter(o: ScriptedElsterOptions = {}): ScriptedElsterMeter {
  const password = o.password ?? 'ABCDEFGH';
  const seed = o.seed ?? '0123456789ABCDEF';
  let streams = 0;
  let firstP2Seen = false;
  const err = (code: ElsterErrorCode) => encodeErrorFrame(code);
  const answer = (sent: string): ScriptReply => {
    if (sent.startsWith('/?')) {
      m.signOns++;
      m.level = 0;
      firstP2Seen = false;
      return `${o.identification ?? SYNTHETIC_IDENTIFICATIONS.A1140}\r\n`;
    }
    if (sent.startsWith('\x06') && sent.length > 1) return /^\x060.[16]\r\n$/.test(sent) ? encodeSeedFrame(seed) : null;
    if (sent === '\x06' || sent === '\x15') return null;
    if (sent === '\x1b') {
      m.escs++;
      return null;
    }
    let c: ElsterClientCommand;
    try {
      c = decodeClientCommand(asciiToBytes(sent));
    } catch {
      return '\x15';
    }
    m.commands.push(c);
    if (c.command === 'B0') {
      m.level = 0;
      return null;
    }
    if (c.command === 'P1' || c.command === 'P2') {
      if (c.command === 'P1') return c.operand === password ? ((m.level = 1), '\x06') : err('ERR5');
      if (c.operand === LEVEL3_FIRST_P2) return (firstP2Seen = true), '\x06';
      if (c.operand !== elsterP2Response(password, seed)) return err('ERR5');
      m.level = firstP2Seen ? 3 : 2;
      return '\x06';
    }
    if (m.level === 0) return err('ERR5');
    if (c.command === 'R1') {
      const item = m.items.get(c.request.dataId);
      if (!item) return err('ERR2');
      const from = (c.request.packet - 1) * 64;
      if (from >= item.length) return err('ERR3');
      return encodeAnswerFrame(item.subarray(from, from + c.request.length));
    }
    if (c.command === 'W1') {
      if (m.level < 3 && !['551', '554', '861'].includes(c.request.dataId)) return err('ERR5');
      const prev = c.request.packet === 1 ? new Uint8Array(0) : (m.items.get(c.request.dataId) ?? new Uint8Array(0));
      const next = new Uint8Array(prev.length + c.request.data.length);
      next.set(prev);
      next.set(c.request.data, prev.length);
      m.written.set(c.request.dataId, next);
      if (c.request.dataId !== '551') m.items.set(c.request.dataId, next);
      return '\x06';
    }
    if (c.command !== 'RD') return null;
    const item = m.items.get(c.request.dataId);
    if (!item) return err('ERR2');
    const stream = encodeStream(item).slice(0, c.request.blocks);
    const all = new Uint8Array(stream.reduce((n, b) => n + b.length, 0));
    let at = 0;
    for (const b of stream) all.set(b, (at += b.length) - b.length);
    m.blocksSent += stream.length;
    return o.streamMangle ? o.streamMangle(all, streams++) : all;
  };
  const m: ScriptedElsterMeter = {
    link: scriptedLink((sent) => {
      const parsed = (() => {
        try {
          return sent.startsWith('\x01') ? decodeClientCommand(asciiToBytes(sent)) : null;
        } catch {
          return null;
        }
      })();
      const f = o.fault?.(sent, m, parsed);
      if (f !== undefined) {
        if (parsed) m.commands.push(parsed);
        return f;
      }
      const reply = answer(sent);
      return o.mangle ? o.mangle(reply, sent, m) : reply;
    }, { echo: o.echo }),
    items: new Map(Object.entries(o.items ?? {})),
    written: new Map(),
    commands: [],
    level: 0,
    signOns: 0,
    blocksSent: 0,
    escs: 0,
  };
  return m;
}

/** The `STX (ERRn) ETX BCC` answer, re-exported for fault scripts. */
export function errorFrame(code: string): Uint8Array {
  return encodeDataMessage(`(${code})`);
}

import { beforeAll, describe, expect, it } from 'vitest';
import type { ProtocolErrorCode } from '../../protocol/iec62056-21/errors';
import { FAULT_KINDS, type Fault, type FaultKind } from '../emulator';
import { type CellResult, type Dialect, type Operation, pool, runCell } from './testing/fault-rig';
import { hasSocat } from '../links/serial/pty-pair';

/**
 * THE fault matrix of issue 3, over real pty pairs (socat): every fault kind of the emulator (main/emulator/
 * faults.ts) × {readout, programming write, load profile} × {generic IEC 62056-21, Elster A1140}, each run through
 * the same service job a technician runs (`pmu read`, `pmu time --set/--adjust`; fault-rig.ts), with the
 * standard's time-outs. Every cell has an asserted outcome: either a correct result — the same values as the
 * unfaulted run of that cell — or a specific typed ProtocolError with a plain-language message; never a hang
 * (per-cell limit) or a crash; and nothing is stored unless the reading is whole.
 *
 * Where each fault hits (`when.commandKind`): readout = the generic data readout / the Elster R1 answers;
 * write = the generic W5 clock set / the Elster W1 clock adjust (their answer is a bare ACK; bad-check needs a
 * framed answer, so it hits the clock read (R5 / R1) of the same job); load profile = the generic R5 answer /
 * the Elster RD stream. nak-storm = NAK to every such command; the rest hit one answer. On a pty an "unplug"
 * (the meter closes its end) reaches the client as silence, as a probe lifted off the meter would.
 * nak-storm and err5-lock act on programming-mode commands: the generic data readout (option select Y=0) has
 * none, so those two cells assert an unchanged, correct reading and that no fault was injected.
 */

const LIMIT_MS = 45_000;
const PARALLEL = 8;
const DIALECTS: readonly Dialect[] = ['generic', 'elster'];
const OPERATIONS: readonly Operation[] = ['readout', 'write', 'load-profile'];
const TARGET: Record<Dialect, Record<Operation, string>> = {
  generic: { readout: 'readout', write: 'W5', 'load-profile': 'R5' },
  elster: { readout: 'R1', write: 'W1', 'load-profile': 'RD' },
};

function faultFor(kind: FaultKind, dialect: Dialect, op: Operation): Fault {
  const on = kind === 'bad-check' && op === 'write' ? (dialect === 'generic' ? 'R5' : 'R1') : TARGET[dialect][op];
  return { fault: kind, when: { commandKind: on }, ...(kind === 'nak-storm' ? { count: Infinity } : {}) };
}

type Expected = 'ok' | 'not-applicable' | { readonly code: ProtocolErrorCode; readonly message: RegExp };

const N = '[\\d\\u202f\\u00a0 ]+'; // a number as the messages print it ("1 924")
const gone = (what: string, before: string) => ({
  code: 'NO_ANSWER' as const,
  message: new RegExp(`^The meter dropped the programming session during the ${what}: ${before}.*\\. Signing on again failed: No answer from the meter \\(waiting for the identification\\)`),
});
const storm = (what: string) => ({ code: 'REFUSED' as const, message: new RegExp(`^The meter refused the ${what}: it answered NAK to every repeat\\.$`) });

/** The asserted outcome of every cell that is not a correct result. */
const EXCEPTIONS: Record<Dialect, Record<Operation, Partial<Record<FaultKind, Expected>>>> = {
  generic: {
    readout: {
      unplug: { code: 'NO_ANSWER', message: new RegExp(`^The meter stopped answering after ${N} bytes of the data readout\\. .*Signing on again failed: No answer from the meter \\(waiting for the identification\\)`) },
      'nak-storm': 'not-applicable',
      'err5-lock': 'not-applicable',
    },
    write: { unplug: gone('meter date write \\(0\\.9\\.2\\)', 'No answer from the meter'), 'nak-storm': storm('meter date write \\(0\\.9\\.2\\)') },
    'load-profile': {
      unplug: gone('load profile P\\.01', `The meter stopped answering after ${N} of about ${N} bytes of the load profile P\\.01`),
      'nak-storm': storm('load profile P\\.01'),
    },
  },
  elster: {
    readout: {
      unplug: gone('read of the serial number \\(798\\)', `The meter stopped answering after ${N} of 37 bytes of the serial number \\(798\\)`),
      'nak-storm': storm('read of the serial number \\(798\\) \\(R1 packet 1\\)'),
    },
    write: { unplug: gone('write of the meter clock adjust \\(861\\)', 'No answer from the meter'), 'nak-storm': storm('write of the meter clock adjust \\(861\\) \\(W1 packet 1\\)') },
    'load-profile': {
      unplug: gone('load profile read', `The meter stopped answering after ${N} of (?:about )?${N} bytes of the load profile \\(550\\)`),
      'nak-storm': storm('stream of the load profile \\(550\\)'),
    },
  },
};

interface Cell {
  readonly dialect: Dialect;
  readonly op: Operation;
  readonly kind: FaultKind;
  readonly expected: Expected;
}

const CELLS: Cell[] = DIALECTS.flatMap((dialect) =>
  OPERATIONS.flatMap((op) => FAULT_KINDS.map((kind) => ({ dialect, op, kind, expected: EXCEPTIONS[dialect][op][kind] ?? 'ok' }))),
);

describe.skipIf(!hasSocat())('fault matrix over real pty pairs: every fault × {readout, programming write, load profile}', () => {
  const baseline = new Map<string, CellResult>();
  const results = new Map<Cell, CellResult>();

  beforeAll(async () => {
    const key = (d: Dialect, o: Operation) => `${d}/${o}`;
    const plain = DIALECTS.flatMap((d) => OPERATIONS.map((o) => ({ d, o })));
    const tasks: (() => Promise<void>)[] = [
      ...plain.map(({ d, o }) => async () => void baseline.set(key(d, o), await runCell(d, o, [], LIMIT_MS))),
      ...CELLS.map((c) => async () => void results.set(c, await runCell(c.dialect, c.op, [faultFor(c.kind, c.dialect, c.op)], LIMIT_MS))),
    ];
    await pool(tasks, PARALLEL);
  }, 240_000);

  it('the unfaulted run of every operation succeeds (the reference values)', () => {
    for (const [name, r] of baseline) {
      expect(r.outcome, `${name}: ${r.message}`).toBe('ok');
      expect(r.stored, name).toBe(name.endsWith('/write') ? 0 : 1);
    }
    expect(baseline.get('elster/write')?.values).toEqual({ clockRight: true, programmingCounter: 0 });
    expect(baseline.get('generic/write')?.values).toEqual({ clockRight: true, programmingCounter: null });
  });

  it.each(CELLS.map((c) => [`${c.dialect} ${c.op} × ${c.kind}`, c] as const))('%s', (_name, cell) => {
    const r = results.get(cell)!;
    const base = baseline.get(`${cell.dialect}/${cell.op}`)!;
    const where = `${cell.dialect} ${cell.op} × ${cell.kind}: ${r.outcome} ${r.code ?? ''} ${r.message ?? ''}`;
    expect(r.outcome, where).not.toBe('hang');
    expect(r.outcome, where).not.toBe('crash');
    expect(r.ms, where).toBeLessThan(LIMIT_MS);
    const e = cell.expected;
    if (e === 'ok' || e === 'not-applicable') {
      expect(r.outcome, where).toBe('ok');
      expect(r.values, where).toEqual(base.values);
      expect(r.stored, where).toBe(cell.op === 'write' ? 0 : 1);
      if (e === 'ok') expect(r.injected, where).toBeGreaterThan(0);
      else expect(r.injected, where).toBe(0);
    } else {
      expect(r.outcome, where).toBe('error');
      expect(r.code, where).toBe(e.code);
      expect(r.message, where).toMatch(e.message);
      expect(r.injected, where).toBeGreaterThan(0);
      expect(r.stored, where).toBe(0);
    }
  });
});

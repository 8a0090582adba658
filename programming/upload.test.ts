import { describe, expect, it } from 'vitest';
import { newScheme } from '../schemes/model';
import type { ProgramWrite } from './plan';
import { ProtocolError } from '../protocol/iec62056-21/errors';
import { ElsterMeterError } from '../protocol/meters/elster/errors';
import { elsterPlanIo } from './elster/io';
import type { ElsterSession } from '../protocol/meters/elster/session';
import { compileProgram } from './compile';
import { type PlanIo, type PlanStep, readBackPlan, uploadPlan } from './upload';

/** The upload book-keeping (written / not written, progress, cancel) and the read back over a scripted PlanIo. */

const plan = compileProgram(newScheme('S1', 'S', 'A1140'), { serial: '1', ctRatio: null, vtRatio: null, passwordLevel: 3, site: '', customer: '', timeZone: 'Europe/Berlin' }, 'A1140', { meterUserId: 'T' });

/** A meter whose link dies at write `failAt` (0-based); reads echo what was written, except refused addresses. */
function fakeIo(failAt = Infinity, refuse: readonly string[] = []): PlanIo & { sent: ProgramWrite[] } {
  const sent: ProgramWrite[] = [];
  return {
    sent,
    write: async (w) => {
      if (sent.length === failAt) throw new ProtocolError('NO_ANSWER', 'The meter did not answer.');
      sent.push(w);
    },
    read: async (w) => {
      if (refuse.includes(w.address)) throw new ElsterMeterError('ERR2', `read of ${w.address}`);
      return sent.find((x) => x.address === w.address)!.value;
    },
    isRefusal: (e) => e instanceof ElsterMeterError,
  };
}

describe('uploadPlan', () => {
  it('sends every write in order with progress per write', async () => {
    const steps: PlanStep[] = [];
    const io = fakeIo();
    const r = await uploadPlan(plan, io, { onStep: (s) => steps.push(s) });
    expect(r).toEqual({ written: plan.writes, notWritten: [], error: null });
    expect(steps.map((s) => s.done)).toEqual(plan.writes.map((_, i) => i + 1));
    expect(steps.every((s) => s.total === plan.writes.length)).toBe(true);
  });

  it('a link failure at write 4 leaves writes 1–3 written and the rest (with the 4th) not written', async () => {
    const r = await uploadPlan(plan, fakeIo(3));
    expect(r.written.map((w) => w.address)).toEqual(['681', '901', '902']);
    expect(r.notWritten.map((w) => w.address)).toEqual(plan.writes.slice(3).map((w) => w.address));
    expect(r.error).toBeInstanceOf(ProtocolError);
  });

  it('stops before the next write when cancelled', async () => {
    const ac = new AbortController();
    const r = await uploadPlan(plan, fakeIo(), { signal: ac.signal, onStep: (s) => s.done === 2 && ac.abort() });
    expect(r.written).toHaveLength(2);
    expect((r.error as ProtocolError).code).toBe('CANCELLED');
  });
});

describe('readBackPlan', () => {
  it('reads every verified write; a refused read is unread and the read back goes on', async () => {
    const io = fakeIo(Infinity, ['905']);
    await uploadPlan(plan, io);
    const r = await readBackPlan(plan, io);
    expect(r.error).toBeNull();
    expect(r.unread.map((w) => w.address)).toEqual(['905']);
    expect(r.readBack.size).toBe(plan.writes.length - 1);
    expect(r.readBack.get('901')).toBe(plan.writes[1]!.value);
  });

  it('a link failure stops the read back: the rest is unread', async () => {
    const io = fakeIo();
    await uploadPlan(plan, io);
    const broken: PlanIo = { ...io, read: async (w) => (w.address === '903' ? Promise.reject(new ProtocolError('LINK_LOST', 'gone')) : io.read(w)) };
    const r = await readBackPlan(plan, broken);
    expect((r.error as ProtocolError).code).toBe('LINK_LOST');
    expect(r.unread[0]!.address).toBe('903');
    expect(r.readBack.size + r.unread.length).toBe(plan.writes.length);
  });
});

describe('elsterPlanIo', () => {
  it('writes hex as bytes and reads back as many bytes as were written', async () => {
    const calls: string[] = [];
    const es = {
      writeItem: async (id: string, bytes: Uint8Array) => void calls.push(`W ${id} ${bytes.length}`),
      readItem: async (id: string, n: number) => (calls.push(`R ${id} ${n}`), Uint8Array.of(...new Array<number>(n).fill(0xab))),
    } as unknown as ElsterSession;
    const io = elsterPlanIo(es);
    const w = plan.writes[1]!;
    await io.write(w);
    expect(await io.read(w)).toBe('AB'.repeat(w.value.length / 2));
    expect(calls).toEqual([`W 901 ${w.value.length / 2}`, `R 901 ${w.value.length / 2}`]);
  });
});

import { describe, expect, it } from 'vitest';
import { asciiToBytes, bytesToAscii } from '../../protocol/iec62056-21/control';
import type { Transport } from '../../protocol/iec62056-21/transport';
import { createLinkPair, pacedTransport } from './link';
import { receiveAtBaud } from './uart';

function collect(t: Transport): { bytes: () => Uint8Array; times: number[] } {
  const chunks: Uint8Array[] = [];
  const times: number[] = [];
  t.onData((c) => {
    chunks.push(c);
    times.push(Date.now());
  });
  return {
    bytes: () => Uint8Array.from(chunks.flatMap((c) => [...c])),
    times,
  };
}

describe('uart model', () => {
  it('passes 7-bit data unchanged at equal rates', () => {
    const text = asciiToBytes('/?12345678!\r\n');
    expect(receiveAtBaud(text, 9600, 9600)).toEqual(text);
  });

  it('drops the high bit on a 7E1 line; an 8-bit-clean line (dataBits 8) keeps it', () => {
    const binary = Uint8Array.of(0x02, 0xe4, 0xff, 0x80, 0x41);
    expect([...receiveAtBaud(binary, 9600, 9600)]).toEqual([0x02, 0x64, 0x7f, 0x00, 0x41]);
    expect([...receiveAtBaud(binary, 9600, 9600, 8)]).toEqual([...binary]);
  });

  it('turns a wrong rate into different, deterministic bytes', () => {
    const text = asciiToBytes('/PMU5EMU-GEN-1.0\r\n');
    const slow = receiveAtBaud(text, 9600, 300);
    const fast = receiveAtBaud(text, 300, 9600);
    expect(bytesToAscii(slow)).not.toContain('PMU');
    expect(bytesToAscii(fast)).not.toContain('PMU');
    expect(slow.length).toBeLessThan(text.length); // 32 sender bits per receiver bit: many chars merge
    expect(receiveAtBaud(text, 9600, 300)).toEqual(slow);
  });
});

describe('createLinkPair (unpaced)', () => {
  it('delivers both ways and closes both ends', async () => {
    const [a, b] = createLinkPair({ names: ['client', 'meter'] });
    const atB = collect(b);
    const atA = collect(a);
    await a.write(asciiToBytes('hello'));
    await b.write(asciiToBytes('world'));
    expect(bytesToAscii(atB.bytes())).toBe('hello');
    expect(bytesToAscii(atA.bytes())).toBe('world');
    const closed: string[] = [];
    a.onClose(() => closed.push('a'));
    b.onClose(() => closed.push('b'));
    await b.close();
    await a.close();
    expect(closed.sort()).toEqual(['a', 'b']);
    await expect(a.write(asciiToBytes('x'))).rejects.toThrow(/closed/);
  });

  it('garbles when the receiver listens at another baud rate', async () => {
    const [a, b] = createLinkPair();
    const atB = collect(b);
    await a.setBaudRate(9600);
    await a.write(asciiToBytes('/PMU5EMU-GEN-1.0\r\n'));
    expect(bytesToAscii(atB.bytes())).not.toContain('EMU');
    await b.setBaudRate(9600);
    await a.write(asciiToBytes('OK\r\n'));
    expect(bytesToAscii(atB.bytes())).toMatch(/OK\r\n$/);
  });
});

describe('createLinkPair (paced)', () => {
  it('takes the wire time of the sender baud: 960 chars at 9600 baud ≈ 1 s', async () => {
    const [a, b] = createLinkPair({ paced: true });
    const atB = collect(b);
    await a.setBaudRate(9600);
    await b.setBaudRate(9600);
    const payload = asciiToBytes('0123456789'.repeat(96));
    const t0 = Date.now();
    await a.write(payload);
    const took = Date.now() - t0;
    // Paced: never faster than the wire (1 s); the upper bound only guards against a stuck pacer, since timers
    // fire late on a loaded machine.
    expect(took).toBeGreaterThan(850);
    expect(took).toBeLessThan(3000);
    expect(atB.bytes()).toEqual(payload);
    // progressive delivery: many chunks, the first long before the end
    expect(atB.times.length).toBeGreaterThan(50);
    expect(atB.times[0]! - t0).toBeLessThan(took / 2);
    await a.close();
  });

  it('rejects a pending write when the link closes', async () => {
    const [a] = createLinkPair({ paced: true });
    const w = a.write(new Uint8Array(100)); // 300 baud: 3.3 s
    setTimeout(() => void a.close(), 50);
    await expect(w).rejects.toThrow(/closed/);
  });
});

describe('pacedTransport', () => {
  it('passes bytes through in wire time at the current baud', async () => {
    const [inner, far] = createLinkPair(); // unpaced, like a pty
    const paced = pacedTransport(inner);
    await paced.setBaudRate(4800);
    await far.setBaudRate(4800);
    const atFar = collect(far);
    const t0 = Date.now();
    await paced.write(new Uint8Array(120).fill(0x41)); // 120 × 10 / 4800 = 250 ms
    const took = Date.now() - t0;
    expect(took).toBeGreaterThan(200);
    expect(took).toBeLessThan(1500); // loose: late timers on a loaded machine
    expect(atFar.bytes().length).toBe(120);
    expect(atFar.times.length).toBeGreaterThan(5);
  });
});

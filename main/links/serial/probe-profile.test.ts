/**
 * The serial provider applies a port's probe profile (issue 16 item 1), checked through an injected serialport binding:
 * @serialport/binding-mock (the maintained mock of node-serialport; it records writes and can echo them) wrapped to
 * record the modem-line changes it is asked for, so the real SerialPortStream, transport, echo and pacing code run.
 * The mock is the one serialport 13.0.0 ships and pins (@serialport/binding-mock 10.2.2, re-exported as
 * `SerialPortMock.binding`; its own package exposes no types through its `exports` map, so the shape used is below).
 */
import { SerialPortMock } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { STANDARD_PROBE_PROFILE, type ProbeProfile } from '../../../contract/probe';
import type { BindingOpenOptions, BindingSetOptions, SerialBinding } from '../../core/serial-binding';
import type { Link } from '../types';
import { serialLinkProvider, timingsOf } from './provider';

/** What the tests use of @serialport/binding-mock's MockBinding and its ports. */
interface MockPortBinding {
  isOpen: boolean;
  emitData(data: Buffer): void;
  set(s: BindingSetOptions): Promise<void>;
  write(b: Buffer): Promise<void>;
  update(u: { baudRate: number }): Promise<void>;
}
const MockBinding = SerialPortMock.binding as unknown as {
  createPort(path: string, opt?: { echo?: boolean; record?: boolean }): void;
  reset(): void;
  open(o: BindingOpenOptions): Promise<MockPortBinding>;
};

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The mock binding with every set() and update() recorded, in order with the writes. */
function recordingBinding() {
  const events: string[] = [];
  let port: MockPortBinding | null = null;
  const binding: SerialBinding = {
    list: async () => [{ path: '/dev/ttyMOCK0', manufacturer: 'FTDI', serialNumber: undefined, pnpId: undefined, locationId: undefined, vendorId: '0403', productId: '6001' }],
    async open(o: BindingOpenOptions) {
      const p = await MockBinding.open(o);
      port = p;
      const set = p.set.bind(p);
      const write = p.write.bind(p);
      const update = p.update.bind(p);
      p.set = async (s: BindingSetOptions) => {
        events.push(`set dtr=${s.dtr} rts=${s.rts}`);
        return set(s);
      };
      p.write = async (b: Buffer) => {
        events.push(`write ${JSON.stringify(b.toString('latin1'))}`);
        return write(b);
      };
      p.update = async (u: { baudRate: number }) => {
        events.push(`baud ${u.baudRate}`);
        return update(u);
      };
      return p as unknown as Awaited<ReturnType<SerialBinding['open']>>;
    },
  };
  return { binding, events, port: () => port! };
}

const links: Link[] = [];
afterEach(async () => {
  for (const l of links.splice(0)) await l.close();
  MockBinding.reset();
});

async function open(profile: Partial<ProbeProfile>, opts: { echo?: boolean } = {}) {
  MockBinding.createPort('/dev/ttyMOCK0', { echo: opts.echo ?? false, record: true });
  const rec = recordingBinding();
  const provider = serialLinkProvider({ binding: rec.binding, probeProfileFor: () => ({ ...STANDARD_PROBE_PROFILE, ...profile }) });
  const link = await provider.open({ port: '/dev/ttyMOCK0', timeZone: 'UTC' });
  links.push(link);
  const received: string[] = [];
  link.transport.onData((c) => received.push(text(c)));
  return { link, rec, received, meter: (s: string) => rec.port().emitData(Buffer.from(s, 'latin1')) };
}

describe('probe profile on a serial port (binding-mock)', () => {
  it('sets DTR and RTS as the profile says before anything is sent, and leaves them alone by default', async () => {
    const a = await open({ dtr: 'on', rts: 'off' });
    await a.link.transport.write(bytes('/?!\r\n'));
    expect(a.rec.events).toEqual(['set dtr=true rts=false', 'write "/?!\\r\\n"']);
    expect(a.link.probe).toEqual({ profile: 'Standard', notes: [] });
    await a.link.close();
    const b = await open({ dtr: 'off', rts: 'leave' });
    expect(b.rec.events).toEqual(['set dtr=false rts=true']); // "leave" = as the driver set it on open (asserted)
    await b.link.close();
    const c = await open({});
    await c.link.transport.write(bytes('/?!\r\n'));
    expect(c.rec.events).toEqual(['write "/?!\\r\\n"']);
  });

  it('waits the power-up time after setting the lines', async () => {
    const t0 = Date.now();
    await open({ dtr: 'on', powerUpMs: 300 });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
  });

  it('echo "echoes": removes the echo of what was sent, even a damaged one; the meter\'s answer passes', async () => {
    const a = await open({ echo: 'echoes' }, { echo: true });
    await a.link.transport.write(bytes('/?!\r\n'));
    await sleep(30);
    a.meter('/ISK5MT174-0001\r\n');
    await sleep(30);
    expect(a.received.join('')).toBe('/ISK5MT174-0001\r\n');
    // A damaged echo (noise on the way back) is removed by count, not by content.
    const b = await open({ echo: 'echoes' });
    await b.link.transport.write(bytes('\x06050\r\n'));
    b.meter('\x060\x7f0\r\n');
    await sleep(30);
    b.meter('\x02data');
    await sleep(30);
    expect(b.received.join('')).toBe('\x02data');
  });

  it('echo "detect": decides on the first answer and reports what it saw', async () => {
    const echoing = await open({ echo: 'detect' }, { echo: true });
    await echoing.link.transport.write(bytes('/?!\r\n'));
    await sleep(30);
    echoing.meter('/ISK5MT174-0001\r\n');
    await sleep(30);
    await echoing.link.transport.write(bytes('\x06050\r\n'));
    await sleep(30);
    expect(echoing.received.join('')).toBe('/ISK5MT174-0001\r\n');
    expect((echoing.link.transport as unknown as { echoSeen(): boolean | null }).echoSeen()).toBe(true);

    const quiet = await open({ echo: 'detect' });
    await quiet.link.transport.write(bytes('/?!\r\n'));
    quiet.meter('/ISK5MT174-0001\r\n');
    await sleep(30);
    expect(quiet.received.join('')).toBe('/ISK5MT174-0001\r\n');
    expect((quiet.link.transport as unknown as { echoSeen(): boolean | null }).echoSeen()).toBe(false);
  });

  it('echo "none" passes the echo on; "echoes" on a probe that does not echo eats the start of the answer (why the wizard looks)', async () => {
    const none = await open({ echo: 'none' }, { echo: true });
    await none.link.transport.write(bytes('/?!\r\n'));
    await sleep(30);
    expect(none.received.join('')).toBe('/?!\r\n');
    const wrong = await open({ echo: 'echoes' });
    await wrong.link.transport.write(bytes('/?!\r\n'));
    wrong.meter('/ISK5MT174-0001\r\n');
    await sleep(30);
    expect(wrong.received.join('')).toBe('MT174-0001\r\n');
  });

  it('paces characters and waits before a baud change', async () => {
    const a = await open({ interCharDelayMs: 40, baudChangeDelayMs: 120 });
    const t0 = Date.now();
    await a.link.transport.write(bytes('/?!'));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(75);
    expect(a.rec.events).toEqual(['write "/"', 'write "?"', 'write "!"']);
    const t1 = Date.now();
    await a.link.transport.setBaudRate(9600);
    expect(Date.now() - t1).toBeGreaterThanOrEqual(110);
    expect(a.rec.events.at(-1)).toBe('baud 9600');
  });

  it('hands the session its baud ceiling, time-out margin and retries', async () => {
    const a = await open({ maxBaud: 4800, reactionMarginMs: 500, retries: 5 });
    expect(a.link.maxBaud).toBe(4800);
    expect(a.link.timings).toEqual({ reactionTimeoutMs: 2000, interCharTimeoutMs: 2000, minReactionMs: 700, shortMinReactionMs: 520, maxRepeats: 5 });
    expect(timingsOf(STANDARD_PROBE_PROFILE)).toBeUndefined();
  });

  it('asks for the profile with the port\'s USB model', async () => {
    MockBinding.createPort('/dev/ttyMOCK0', { record: true });
    const rec = recordingBinding();
    const asked: (string | null)[] = [];
    const provider = serialLinkProvider({ binding: rec.binding, probeProfileFor: (_port, usb) => (asked.push(usb), STANDARD_PROBE_PROFILE) });
    links.push(await provider.open({ port: '/dev/ttyMOCK0', timeZone: 'UTC' }));
    expect(asked).toEqual(['0403:6001']);
  });

  it('refuses plainly when the driver cannot set the lines, and closes the port', async () => {
    MockBinding.createPort('/dev/ttyMOCK0', {});
    const rec = recordingBinding();
    const failing: SerialBinding = {
      list: rec.binding.list,
      async open(o) {
        const p = await rec.binding.open(o);
        p.set = async () => {
          throw new Error('Inappropriate ioctl for device');
        };
        return p;
      },
    };
    const provider = serialLinkProvider({ binding: failing, probeProfileFor: () => ({ ...STANDARD_PROBE_PROFILE, dtr: 'on' }) });
    await expect(provider.open({ port: '/dev/ttyMOCK0', timeZone: 'UTC' })).rejects.toThrow('Could not set DTR on and RTS on on /dev/ttyMOCK0: Inappropriate ioctl for device. Choose a probe profile that leaves the lines alone.');
    expect(rec.port().isOpen).toBe(false);
  });
});

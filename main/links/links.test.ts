import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type IModule } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../protocol/iec62056-21/errors';
import { createDefaultLinkRegistry } from './default-registry';
import { EMULATED_ELSTER_DRIFT_S, emulatedLinkProvider, emulatedModelOf } from './emulated/provider';
import { createLinkRegistry } from './registry';
import { isSerialPortName, serialLinkProvider } from './serial/provider';
import type { LinkProvider } from './types';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A provider that records what it was asked (no I/O). */
function fakeProvider(kind: string, prefix: string, medium?: (port: string) => string): LinkProvider & { opened: string[] } {
  const opened: string[] = [];
  return {
    kind,
    opened,
    matches: (port) => port.startsWith(prefix),
    open: async (req) => {
      opened.push(req.port);
      throw new ProtocolError('NO_ANSWER', `fake ${kind} ${req.port}`);
    },
    list: async () => [{ port: `${prefix}1`, label: `${kind} one`, kind, emulated: false }],
    ...(medium ? { mediumKey: medium } : {}),
  };
}

describe('link registry', () => {
  it('hands a port name to the first provider that matches it, in registration order', async () => {
    const bus = fakeProvider('bus', 'bus:', (p) => p.split('#')[0]!);
    const tcp = fakeProvider('tcp', 'tcp://');
    const links = createLinkRegistry([tcp]);
    links.register(bus);
    expect(links.resolve('bus:/dev/ttyUSB0#17').kind).toBe('bus');
    await expect(links.open({ port: 'tcp://10.0.0.5:4059', timeZone: 'UTC' })).rejects.toThrow('fake tcp tcp://10.0.0.5:4059');
    expect(tcp.opened).toEqual(['tcp://10.0.0.5:4059']);
    expect(await links.list()).toEqual([
      { port: 'tcp://1', label: 'tcp one', kind: 'tcp', emulated: false },
      { port: 'bus:1', label: 'bus one', kind: 'bus', emulated: false },
    ]);
    // Two meters on one bus share the medium; a provider without mediumKey uses the port name.
    expect(links.mediumKey('bus:/dev/ttyUSB0#17')).toBe(links.mediumKey('bus:/dev/ttyUSB0#18'));
    expect(links.mediumKey('tcp://a:1')).toBe('tcp://a:1');
  });

  it('refuses a name no provider handles, in plain words naming the port and the known names', () => {
    const links = createDefaultLinkRegistry();
    expect(() => links.resolve('telnet-meter')).toThrow(ProtocolError);
    expect(() => links.resolve('telnet-meter')).toThrow(/There is no port called "telnet-meter".*emulator, emulator:a1140, emulator:a1700, emulator:probe; the emulated substation's lines are .*; the built-in push meters are emulator:a1100, emulator:push; push meters are heard on listen:<serial port>.*; tcp:\/\/host:port; bus:<port>#<device address>; modem:<serial port>#<phone number>; serial ports look like COM3 or \/dev\/ttyUSB0/);
  });

  it('a provider whose listing fails does not hide the other ports', async () => {
    const broken: LinkProvider = { kind: 'x', matches: () => false, open: async () => Promise.reject(new Error('no')), list: async () => Promise.reject(new Error('boom')) };
    const links = createLinkRegistry([broken, emulatedLinkProvider()]);
    expect((await links.list()).map((p) => p.port)).toEqual(['emulator', 'emulator:a1140', 'emulator:a1700', 'emulator:probe']);
  });
});

describe('serial and emulated providers', () => {
  it('serial names are device names; emulated names are the built-in meters', () => {
    for (const p of ['COM3', 'com12', '\\\\.\\COM15', '/dev/ttyUSB0', '/dev/pts/4', '/tmp/x/ttyV0']) expect(isSerialPortName(p)).toBe(true);
    for (const p of ['emulator', 'emulator:a1140', 'tcp://h:1', 'bus:COM3#1', 'ttyUSB0', '']) expect(isSerialPortName(p)).toBe(false);
    expect(['emulator', 'emulator:generic', 'emulator:a1140', 'emulator:a1700', 'emulator:x', 'COM3'].map(emulatedModelOf)).toEqual(['generic', 'generic', 'a1140', 'a1700', null, null]);
    const links = createDefaultLinkRegistry();
    expect(links.describe({ port: 'COM3', timeZone: 'UTC', line: '8N1' })).toBe('port COM3 (8N1)');
    expect(links.describe({ port: '/dev/ttyUSB0', timeZone: 'UTC' })).toBe('port /dev/ttyUSB0 (7E1)');
    expect(links.describe({ port: 'emulator:a1700', timeZone: 'UTC' })).toBe('the emulated Elster A1700');
    expect(links.resolve('emulator').kind).toBe('emulated');
    expect(links.resolve('/dev/ttyS0').kind).toBe('serial');
  });

  it('a serial port that does not exist is LINK_LOST with a plain message', async () => {
    const p = serialLinkProvider();
    await expect(p.open({ port: '/nonexistent/ttyUSB-missing', timeZone: 'UTC' })).rejects.toMatchObject({ code: 'LINK_LOST', message: expect.stringMatching(/does not exist/) });
  });

  it('an emulated Elster link is 8-bit and keeps one meter per port and zone (its clock set is seen by the next job)', { timeout: 60_000 }, async () => {
    const p = emulatedLinkProvider();
    const a = await p.open({ port: 'emulator:a1140', timeZone: 'Europe/London' });
    expect([a.eightBit, a.baudSwitch, a.label]).toEqual([true, true, 'the emulated Elster A1140']);
    await a.close();
    const g = await p.open({ port: 'emulator', timeZone: 'Europe/London' });
    expect([g.eightBit, g.label]).toEqual([false, 'the emulated meter']);
    await g.close();
    expect(EMULATED_ELSTER_DRIFT_S).toBeGreaterThan(0);
  });
});

/**
 * The bar of issue 12: a `pmu read --port /dev/ttyX` walks from the CLI to the store through no emulator module.
 * The walk follows what Node loads: static imports and re-exports, not type-only imports (erased) and not dynamic
 * `import()`s (loaded only when that code runs: the emulated link provider's, `pmu simulate`'s).
 */
describe('a serial reading loads no emulator code', () => {
  it('the modules loaded by `pmu read` (cli/index.ts → read.ts → services → store) include no main/emulator/ file', { timeout: 60_000 }, async () => {
    const result = await cruise(['main/cli/index.ts'], {
      baseDir: ROOT,
      tsPreCompilationDeps: true,
      doNotFollow: { path: 'node_modules' },
      exclude: { path: '(^|/)node_modules/' },
    }, undefined, { tsConfig: { options: { baseUrl: ROOT } } } as never);
    const modules = (typeof result.output === 'string' ? JSON.parse(result.output).modules : result.output.modules) as IModule[];
    const bySource = new Map(modules.map((m) => [m.source, m]));
    const loaded = new Set<string>();
    const route = new Map<string, string>();
    const queue = ['main/cli/index.ts'];
    while (queue.length > 0) {
      const file = queue.shift()!;
      if (loaded.has(file)) continue;
      loaded.add(file);
      for (const d of bySource.get(file)?.dependencies ?? []) {
        const types = d.dependencyTypes as string[];
        if (d.coreModule || d.couldNotResolve || d.resolved.includes('node_modules')) continue;
        if (types.includes('type-only') || types.includes('dynamic-import')) continue;
        if (!route.has(d.resolved)) route.set(d.resolved, file);
        queue.push(d.resolved);
      }
    }
    const pathTo = (f: string): string => (route.has(f) ? `${pathTo(route.get(f)!)} → ${f}` : f);
    expect(loaded).toContain('main/cli/read.ts');
    expect(loaded).toContain('main/services/read-meter.ts');
    expect(loaded).toContain('main/store/readings.ts');
    expect(loaded).toContain('main/links/serial/provider.ts');
    expect([...loaded].filter((f) => f.startsWith('main/emulator/')).map(pathTo)).toEqual([]);
  });
});

/**
 * `pmu probe …`: optical-probe profiles and the connection wizard from the command line (docs/settings.md "Probes").
 * Parse → main/services (probe-profiles.ts, probe-detect.ts: permission checks, audit) → print.
 *   pmu probe list [--json]                                   profiles, which port uses which, the default
 *   pmu probe detect --port <p> [--address <a>]… [--no-save]  the connection wizard; exit 1 when nothing works
 *   pmu probe assign <port> <profile>   |   --none            a port's profile (or back to USB model / default)
 *   pmu probe profile <name> [--from <p>] [--dtr on|off|leave] [--rts …] [--echo none|echoes|detect] [--max-baud n]
 *        [--margin ms] [--char-delay ms] [--baud-delay ms] [--power-up ms] [--retries n] [--usb vid:pid]… [--delete]
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { BAUD_RATES } from '../../contract/meter';
import { probeProfileSchema, STANDARD_PROBE_PROFILE, type ProbeProfile } from '../../contract/probe';
import { StoreError } from '../core/errors';
import { detectBounds, detectProbe } from '../services/probe-detect';
import { assignProbeProfile, deleteProbeProfileAs, probeProfilesView, saveProbeProfileAs } from '../services/probe-profiles';
import { builtInProfile } from '../settings/probe-profiles';
import { addUserOption, type ActingOptions } from './acting-user';
import { withActingStore } from './meters';

interface Common extends ActingOptions {
  db?: string;
}

const ms = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('give a whole number of milliseconds.');
  return n;
};

/** `pmu probe list`. */
export async function runProbeList(o: Common & { json?: boolean }): Promise<void> {
  await withActingStore(o, 'probe list', async (ctx) => {
    const v = probeProfilesView(ctx);
    if (o.json) return void process.stdout.write(`${JSON.stringify(v, null, 2)}\n`);
    for (const p of v.profiles) {
      const mark = p.name === v.defaultProfile ? ' (default)' : '';
      process.stdout.write(`${p.name}${mark} [${p.origin}]: DTR ${p.dtr}, RTS ${p.rts}, echo ${p.echo}, up to ${p.maxBaud} baud`);
      const extras = [p.reactionMarginMs && `+${p.reactionMarginMs} ms reaction`, p.interCharDelayMs && `${p.interCharDelayMs} ms between characters`,
        p.baudChangeDelayMs && `${p.baudChangeDelayMs} ms before a baud change`, p.powerUpMs && `${p.powerUpMs} ms power-up`, `${p.retries} retries`,
        p.usbIds.length > 0 && `USB ${p.usbIds.join(', ')}`, p.ports.length > 0 && `ports ${p.ports.join(', ')}`].filter(Boolean);
      process.stdout.write(`; ${extras.join('; ')}\n`);
      if (p.source) process.stdout.write(`    source: ${p.source}\n`);
    }
  });
}

/** `pmu probe detect --port <p>`: exit 1 when no combination works. */
export async function runProbeDetect(o: Common & { port: string; address?: string[]; save: boolean; json?: boolean }): Promise<void> {
  await withActingStore(o, 'probe detect', async (ctx) => {
    const bounds = detectBounds(o.address ?? []);
    process.stderr.write(`Connection wizard on ${o.port}: ${bounds.tries} combinations first, at most ${bounds.maxSeconds} s in all (Ctrl+C stops it).\n`);
    const abort = new AbortController();
    const stop = () => abort.abort();
    process.once('SIGINT', stop);
    try {
      const r = await detectProbe(ctx, { port: o.port, addresses: o.address ?? [], save: o.save }, (p) => {
        if (p.record) process.stdout.write(`try ${p.record.n}: ${p.record.words}\n`);
        else process.stderr.write(`${p.current}\n`);
      }, abort.signal);
      if (o.json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
      else process.stdout.write(`\n${r.summary}\n(${r.tries.length} tries, ${r.seconds} s)\n`);
      if (!r.found) process.exitCode = 1;
    } finally {
      process.removeListener('SIGINT', stop);
    }
  });
}

/** `pmu probe assign <port> [profile] [--none]`. */
export async function runProbeAssign(port: string, profile: string | undefined, o: Common & { none?: boolean }): Promise<void> {
  if (!o.none && profile === undefined) throw new InvalidArgumentError('name the profile, or give --none to let the port follow its USB model or the default profile.');
  await withActingStore(o, 'probe assign', async (ctx) => {
    const r = assignProbeProfile(ctx, port, o.none ? null : profile!);
    const why = r.reason === 'port' ? 'assigned to the port' : r.reason === 'usb' ? 'chosen by its USB model' : 'the default profile';
    process.stdout.write(`${r.port} uses "${r.profile}" (${why}).\n`);
  });
}

interface ProfileOptions extends Common {
  from?: string;
  dtr?: ProbeProfile['dtr'];
  rts?: ProbeProfile['rts'];
  echo?: ProbeProfile['echo'];
  maxBaud?: string;
  margin?: number;
  charDelay?: number;
  baudDelay?: number;
  powerUp?: number;
  retries?: string;
  usb?: string[];
  description?: string;
  delete?: boolean;
}

/** `pmu probe profile <name> …`: create or change a profile (or delete / reset it). */
export async function runProbeProfile(name: string, o: ProfileOptions): Promise<void> {
  await withActingStore(o, 'probe assign', async (ctx) => {
    if (o.delete) {
      const done = deleteProbeProfileAs(ctx, name);
      if (!done) return void process.stdout.write(`No stored profile named ${name}: nothing to delete.\n`);
      return void process.stdout.write(builtInProfile(name) ? `Reset "${name}" to its built-in values.\n` : `Deleted the profile "${name}"; its ports follow their USB model or the default profile again.\n`);
    }
    const profiles = probeProfilesView(ctx).profiles;
    const find = (n: string) => profiles.find((p) => p.name.toLowerCase() === n.toLowerCase());
    const baseName = o.from ?? name;
    const base = find(baseName);
    if (o.from !== undefined && !base) throw new StoreError('NOT_FOUND', `There is no probe profile "${o.from}" to start from (see "pmu probe list").`);
    const { origin: _o, ports: _p, ...start } = base ?? { ...STANDARD_PROBE_PROFILE, origin: 'own' as const, ports: [] };
    const parsed = probeProfileSchema.safeParse({
      ...start, name, ...(o.description !== undefined ? { description: o.description } : {}), ...(o.dtr ? { dtr: o.dtr } : {}), ...(o.rts ? { rts: o.rts } : {}),
      ...(o.echo ? { echo: o.echo } : {}), ...(o.maxBaud !== undefined ? { maxBaud: Number(o.maxBaud) } : {}), ...(o.margin !== undefined ? { reactionMarginMs: o.margin } : {}),
      ...(o.charDelay !== undefined ? { interCharDelayMs: o.charDelay } : {}), ...(o.baudDelay !== undefined ? { baudChangeDelayMs: o.baudDelay } : {}),
      ...(o.powerUp !== undefined ? { powerUpMs: o.powerUp } : {}), ...(o.retries !== undefined ? { retries: Number(o.retries) } : {}), ...(o.usb ? { usbIds: o.usb } : {}),
      ...(base && o.from !== undefined ? { source: `Copied from "${base.name}". ${base.source}`.slice(0, 300) } : {}),
    });
    if (!parsed.success) throw new StoreError('INVALID_DATA', `The profile was not saved: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}.`);
    const saved = saveProbeProfileAs(ctx, parsed.data);
    process.stdout.write(`Saved "${saved.name}" [${saved.origin}]: DTR ${saved.dtr}, RTS ${saved.rts}, echo ${saved.echo}, up to ${saved.maxBaud} baud.\n`);
  });
}

/** Add `pmu probe …` to `program`. */
export function registerProbeCommands(program: Command): void {
  const probe = program.command('probe').description('Optical probes: profiles (DTR/RTS, echo, speed, timing) and the connection wizard.');
  const common = (c: Command) => addUserOption(c.option('--db <file>', 'SQLite store (default: the app data directory)'));
  common(probe.command('list').description('The probe profiles, which port uses which, and the default.')).option('--json', 'print JSON').action(runProbeList);
  common(probe.command('detect').description('With the probe on a meter, try DTR/RTS, echo, speed and address combinations, say what each saw, and save the profile that works.'))
    .requiredOption('--port <port>', 'the probe\'s port (COM3, /dev/ttyUSB0, emulator:probe)')
    .option('--address <address>', 'also try this device address (repeat for several; e.g. the meter serial number)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--no-save', 'only report; do not save the profile or assign it to the port')
    .option('--json', 'print the result as JSON')
    .action(runProbeDetect);
  common(probe.command('assign <port> [profile]').description('Use a profile for a port.')).option('--none', 'no profile of its own: the port follows its USB model or the default').action(runProbeAssign);
  const choices = (flag: string, what: string, values: readonly string[]) => new Option(flag, what).choices([...values]);
  common(probe.command('profile <name>').description('Create or change a probe profile (a built-in one keeps its name; --delete resets it).'))
    .option('--from <profile>', 'start from this profile (default: the profile of that name, else Standard)')
    .option('--description <text>', 'what the profile is for')
    .addOption(choices('--dtr <state>', 'DTR line', ['on', 'off', 'leave']))
    .addOption(choices('--rts <state>', 'RTS line', ['on', 'off', 'leave']))
    .addOption(choices('--echo <mode>', 'echo of the probe', ['none', 'echoes', 'detect']))
    .addOption(choices('--max-baud <baud>', 'highest speed through the probe', BAUD_RATES.map(String)))
    .option('--margin <ms>', 'extra reaction time', ms)
    .option('--char-delay <ms>', 'pause between sent characters', ms)
    .option('--baud-delay <ms>', 'pause before a baud change', ms)
    .option('--power-up <ms>', 'wait after setting DTR/RTS', ms)
    .option('--retries <n>', 'repeats of a damaged message (0…10)')
    .option('--usb <vid:pid>', 'USB adapter model this profile is for (repeat for several)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--delete', 'delete this own profile, or reset a built-in one')
    .action(runProbeProfile);
}

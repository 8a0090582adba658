/**
 * The link providers of the running app, in the order they are asked (main/links/registry.ts): the built-in
 * emulated meters, then serial ports. Remote links (TCP, bus, modem) and push-meter listening register here too.
 * Called by createAppContext (main/services/app-context.ts); tests build their own registry.
 */
import { emulatedLinkProvider } from './emulated/provider';
import { pushEmulatorLinkProvider } from './emulated/push-provider';
import { listenLinkProvider } from './listen/provider';
import { createLinkRegistry } from './registry';
import { serialLinkProvider } from './serial/provider';
import { tcpLinkProvider } from './tcp/provider';
import { busLinkProvider } from './bus/provider';
import { modemLinkProvider } from './modem/provider';
import { substationLinkProvider } from './emulated/substation';
import type { LinkRegistry } from './types';
import type { SerialProviderOptions } from './serial/provider';

/**
 * A new registry with every provider of the app (see the file comment). `probeProfileFor` gives a serial port its probe
 * profile (the app context passes main/settings/probe-profiles.ts over its store; the emulated probe port uses it too).
 */
export function createDefaultLinkRegistry(opts: Pick<SerialProviderOptions, 'probeProfileFor'> = {}): LinkRegistry {
  // Bus and modem links open the line they use (a serial port, a TCP server, an emulated line) through this registry.
  const registry: LinkRegistry = createLinkRegistry([
    emulatedLinkProvider(opts), substationLinkProvider(), pushEmulatorLinkProvider(), listenLinkProvider(), tcpLinkProvider(),
    busLinkProvider(() => registry), modemLinkProvider(() => registry), serialLinkProvider(opts),
  ]);
  return registry;
}

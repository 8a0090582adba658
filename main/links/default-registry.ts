/**
 * The link providers of the running app, in the order they are asked (main/links/registry.ts): the built-in
 * emulated meters, then serial ports. Remote links (TCP, bus, modem) and push-meter listening register here too.
 * Called by createAppContext (main/services/app-context.ts); tests build their own registry.
 */
import { emulatedLinkProvider } from './emulated/provider';
import { createLinkRegistry } from './registry';
import { serialLinkProvider } from './serial/provider';
import { tcpLinkProvider } from './tcp/provider';
import { busLinkProvider } from './bus/provider';
import { modemLinkProvider } from './modem/provider';
import { substationLinkProvider } from './emulated/substation';
import type { LinkRegistry } from './types';

/** A new registry with every provider of the app (see the file comment). */
export function createDefaultLinkRegistry(): LinkRegistry {
  // Bus and modem links open the line they use (a serial port, a TCP server, an emulated line) through this registry.
  const registry: LinkRegistry = createLinkRegistry([
    emulatedLinkProvider(), substationLinkProvider(), tcpLinkProvider(), busLinkProvider(() => registry), modemLinkProvider(() => registry), serialLinkProvider(),
  ]);
  return registry;
}

/**
 * The link registry (./types.ts): providers in registration order, the first whose `matches` accepts a port name
 * opens it. Created once per app by main/links/default-registry.ts and injected through the app context
 * (`AppContext.links`); tests build their own with the providers they need.
 */
import { ProtocolError } from '../../protocol/iec62056-21/errors';
import type { Link, LinkProvider, LinkRegistry, LinkRequest, PortInfo } from './types';

/**
 * A registry over `providers` (asked in this order; `register` appends).
 * `resolve` throws ProtocolError LINK_LOST ("There is no port called …") when no provider matches.
 */
export function createLinkRegistry(providers: readonly LinkProvider[] = []): LinkRegistry {
  const all: LinkProvider[] = [...providers];
  const find = (port: string) => all.find((p) => p.matches(port));
  const registry: LinkRegistry = {
    resolve(port) {
      const provider = find(port);
      if (provider) return provider;
      const names = all.map((p) => p.names).filter((n): n is string => n !== undefined);
      throw new ProtocolError(
        'LINK_LOST',
        `There is no port called "${port.slice(0, 80)}". Choose one from the list of ports${names.length > 0 ? ` (${names.join('; ')})` : ''}.`,
      );
    },
    open: (req: LinkRequest): Promise<Link> => registry.resolve(req.port).open(req),
    async list() {
      const lists = await Promise.all(all.map((p) => (p.list ? p.list().catch((): PortInfo[] => []) : Promise.resolve([]))));
      return lists.flat();
    },
    register(provider) {
      all.push(provider);
    },
    describe(req) {
      const provider = find(req.port);
      return provider?.describe?.(req) ?? `port ${req.port}`;
    },
    mediumKey(port) {
      return find(port)?.mediumKey?.(port) ?? port;
    },
  };
  return registry;
}

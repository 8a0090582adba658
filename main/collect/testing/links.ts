/**
 * A link registry for collector tests (the app's is main/links/ default registry): the given providers in order,
 * the first whose `matches` accepts a port name opens it.
 */
import { ProtocolError } from '../../../protocol/iec62056-21/errors';
import type { CollectLink, CollectLinks } from '../link-seam';

/** A provider as the collector tests use it. */
export interface TestProvider {
  readonly kind: string;
  matches(port: string): boolean;
  mediumKey?(port: string): string;
  open(req: { port: string; timeZone: string; line?: '7E1' | '8N1'; signal?: AbortSignal }): Promise<CollectLink>;
}

/** A registry over `providers`. */
export function testLinks(providers: readonly TestProvider[]): CollectLinks {
  const resolve = (port: string) => {
    const p = providers.find((x) => x.matches(port));
    if (!p) throw new ProtocolError('LINK_LOST', `There is no port called "${port}".`);
    return p;
  };
  return { resolve, open: (req) => resolve(req.port).open(req) };
}

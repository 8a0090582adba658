/**
 * The ports a technician can pick (contract call `listPorts`, `pmu ports`): every link provider's ports from the
 * app context's registry (main/links/), in its order — the built-in emulated meters first, then serial ports and
 * remote links. Never throws.
 */
import type { PortInfoView } from '../../contract';
import type { LinkRegistry } from '../links/types';

/** The ports of `ctx.links` as the contract shows them. */
export async function listPorts(ctx: { readonly links: LinkRegistry }): Promise<PortInfoView[]> {
  return (await ctx.links.list()).map((p) => ({ path: p.port, label: p.label, kind: p.kind, emulated: p.emulated, detail: p.detail ?? null }));
}

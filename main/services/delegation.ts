/**
 * Delegated meter passwords on the meter side (issue 11.2; docs/security.md "Delegated meter passwords"). An approved
 * upload may use a meter's own stored password above the uploader's role (./meter-access.ts). THE THREAT: whoever
 * holds the probe sees what is sent — a fake meter (a laptop running an emulated A1700) answers the sign-on, chooses
 * the P0 seed, and inverts the Elster P2 transform from the seed and the answer. So the delegated password goes out
 * only to the staged meter, as far as the workstation can tell:
 * 1. sign-on; the identification must name the staged model (checked before any password is sent);
 * 2. the session opens at level 1 with a password the user may use themself (`openPassword`), reads the serial
 *    number (Elster 798) and compares it with the staged serial;
 * 3. only then is the delegated password sent (level 3), after an audit record `credential.delegated` names the
 *    user, the port, the identification and the serial — written first, so a refused record (a broken audit chain)
 *    stops the password from going out;
 * 4. the session does not sign on again by itself after a drop (a swapped meter would get the password).
 * What it cannot stop: a fake meter that copies the staged meter's identification AND serial number gets the
 * password of that one meter (never a group's or the default). No public Elster source shows how to change a
 * meter password over the optical port, so the workstation cannot rotate it after the upload: an administrator
 * should change it on the meter with the maker's tools when a technician's probe is not trusted.
 */
import { appendAudit } from '../audit/append';
import type { AppContext } from '../core/context';


/** What the meter side of a delegated upload needs (program-run.ts). */
export interface DelegatedUse {
  /** Password and level the session opens with (a level the user may use). */
  readonly openPassword: string;
  readonly openLevel: 1;
  /**
   * Called once the meter proved to be the staged one, just before the delegated password is sent; records it.
   * @throws whatever appendAudit throws (AuditChainError): the password is then not sent.
   */
  release(seen: { readonly identification: string; readonly serial: string }): void;
}

/** The delegated use of `access` for an upload on `port` by `ctx.actor`, or undefined when nothing is delegated. */
export function delegatedUse(ctx: AppContext, access: { readonly delegated?: { readonly openPassword: string; readonly openLevel: 1 } }, port: string, level: number): DelegatedUse | undefined {
  const d = access.delegated;
  if (d === undefined) return undefined;
  return {
    openPassword: d.openPassword,
    openLevel: d.openLevel,
    release: ({ identification, serial }) =>
      void appendAudit(ctx, {
        action: 'credential.delegated',
        meterSerial: serial,
        object: `port:${port}`.slice(0, 300),
        summary: { after: { port, identification, serial, level, scope: 'meter' } },
      }),
  };
}

/**
 * A link name parsed for opening: the parser's plain LinkNameError (contract/link-names.ts) becomes the ProtocolError
 * LINK_LOST every link provider throws for a port it cannot open (links contract), with the same words.
 */
import { ProtocolError } from '../../protocol/iec62056-21/errors';
import { LinkNameError } from '../../contract/link-names';

/** `parse(port)`, or ProtocolError LINK_LOST with the parser's plain message. */
export function parseForOpening<T>(parse: (port: string) => T, port: string): T {
  try {
    return parse(port);
  } catch (e) {
    if (e instanceof LinkNameError) throw new ProtocolError('LINK_LOST', e.message);
    throw e;
  }
}

/**
 * A local SNTP responder on 127.0.0.1 for tests (RFC 4330 server mode): answers each 48-byte client request with
 * its originate timestamp copied and receive/transmit timestamps of a clock `offsetMs` away from this computer's,
 * so a test knows exactly what the client must measure. Port 0 = a free port.
 */
import dgram from 'node:dgram';

/** NTP era offset: seconds from 1900-01-01 to 1970-01-01. */
const NTP_EPOCH = 2_208_988_800;

function writeStamp(buf: Buffer, at: number, ms: number): void {
  const seconds = Math.floor(ms / 1000) + NTP_EPOCH;
  const fraction = Math.round(((ms % 1000) / 1000) * 2 ** 32) >>> 0;
  buf.writeUInt32BE(seconds >>> 0, at);
  buf.writeUInt32BE(fraction, at + 4);
}

/** Start a responder; `offsetMs` = its clock − this computer's. */
export async function startSntpResponder(offsetMs: number): Promise<{ port: number; requests: () => number; close(): Promise<void> }> {
  const socket = dgram.createSocket('udp4');
  let requests = 0;
  socket.on('message', (msg, rinfo) => {
    if (msg.length < 48) return;
    requests++;
    const received = Date.now() + offsetMs;
    const out = Buffer.alloc(48);
    out[0] = (0 << 6) | (4 << 3) | 4; // LI 0, version 4, mode 4 (server)
    out[1] = 1; // stratum 1 (primary)
    out[2] = msg[2]!;
    out[3] = 0xec; // precision
    out.write('LOCL', 12, 'ascii');
    writeStamp(out, 16, received); // reference timestamp
    msg.copy(out, 24, 40, 48); // originate = the client's transmit timestamp
    writeStamp(out, 32, received);
    writeStamp(out, 40, Date.now() + offsetMs);
    socket.send(out, rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  return {
    port: socket.address().port,
    requests: () => requests,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

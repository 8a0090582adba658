/** Types of @hapi/sntp 4 (the package ships none): `time(options)` resolves with the server's answer. */
declare module '@hapi/sntp' {
  export interface SntpOptions {
    /** Server host name or address, default time.google.com. */
    host?: string;
    /** UDP port, default 123. */
    port?: number;
    /** Give up after this many ms (rejects with a Boom "Timeout"). */
    timeout?: number;
    resolveReference?: boolean;
  }
  export interface SntpTime {
    readonly isValid: boolean;
    readonly stratum: string;
    readonly leapIndicator: string;
    /** Round-trip delay d = (T4 − T1) − (T3 − T2), ms (RFC 4330). */
    readonly d: number;
    /** Clock offset t = ((T2 − T1) + (T3 − T4)) / 2, ms: server − local. */
    readonly t: number;
    readonly receivedLocally: number;
  }
  export function time(options?: SntpOptions): Promise<SntpTime>;
}

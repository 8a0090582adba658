/**
 * The Elster A1140 / A1120 / A1700 dialect (pure codec layer): one import point for the session and the
 * emulator built on it. Meter-specific numbers and every assumption live in profile.ts.
 */
export * from './answers';
export * from './bcd';
export * from './commands';
export * from './crc16';
export * from './decoders';
export * from './errors';
export * from './identification';
export * from './load-profile';
export * from './load-profile-reading';
export * from './password';
export * from './profile';
export * from './stream';
export * from './unix-time';

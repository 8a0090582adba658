/**
 * The Elster A1140 / A1120 / A1700 dialect: the pure codec layer (frames, decoders, stream blocks) and the
 * client built on it (session.ts, read-meter.ts, clock.ts), the tariff-scheme images and programming (tariff-codec.ts,
 * tariff-plan.ts, program.ts). One import point for the CLI, services and the
 * emulator. Meter-specific numbers and every assumption live in profile.ts.
 */
export * from './answers';
export * from './bcd';
export * from './clock';
export * from './clock-plan';
export * from './commands';
export * from './crc16';
export * from './decoders';
export * from './errors';
export * from './identification';
export * from './load-profile';
export * from './load-profile-reading';
export * from './load-profile-transfer';
export * from './meter-error';
export * from './password';
export * from './profile';
export * from './read-meter';
export * from './registers';
export * from './session';
export * from './stream';
export * from './stream-receiver';
export * from './tariff-codec';
export * from './tariff-plan';
export * from './program';
export * from './unix-time';

/**
 * The Elster A1140 / A1120 / A1700 dialect (wire only): the pure codec layer (frames, decoders, stream blocks, load
 * profile) and the client built on it (session.ts, read-meter.ts, clock.ts). Sizes and layouts per model come from
 * meter-definitions/ (model.ts); tariff programming is in programming/. One import point for the CLI, services and
 * the emulator.
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
export * from './demand';
export * from './describe';
export * from './events';
export * from './item-io';
export * from './lp-codec';
export * from './meter-time';
export * from './model';
export * from './read-registers';

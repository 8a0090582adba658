/** Emulated push meters (mode D): the telegram builder and its runner. See push-meter.ts, run-push.ts. */
export { PUSH_BAUDS, PushMeter, powerAt, pushDefaults, type PushMeterOptions, type PushModel } from './push-meter';
export { runPushMeter, type RunPushOptions, type RunningPushMeter } from './run-push';

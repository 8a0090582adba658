/**
 * The pure programming package (issue 12 item 3), above protocol/ and schemes/: the compiler from a tariff scheme and
 * one meter's data to the meter's writes (compile.ts; elster/, generic/), the staged program, plan and certificate
 * schemas (plan.ts), upload and read-back book-keeping over an injected PlanIo (upload.ts; elster/io.ts, generic/io.ts),
 * the read-back comparison in scheme terms (compile.ts compareReadBack) and the safety rail for real meters
 * (safety.ts). No node:, no DOM.
 */
export * from './compile';
export * from './plan';
export * from './safety';
export * from './upload';

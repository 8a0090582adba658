/**
 * The two host timer functions protocol/ relies on. Both Node.js and browsers provide them; declaring them
 * here (instead of pulling in @types/node or the DOM lib) keeps protocol/ free of platform types.
 */
declare function setTimeout(callback: () => void, ms: number): unknown;
declare function clearTimeout(handle: unknown): void;

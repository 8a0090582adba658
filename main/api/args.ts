/** `obj` without its undefined members (services tell "absent" from "undefined" by `in`; exactOptionalPropertyTypes-safe). */
export function defined<T extends object>(obj: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

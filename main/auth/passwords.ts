/**
 * Password hashing for workstation users: scrypt (RFC 7914), a memory-hard key derivation function, from
 * node:crypto. Encoded as `scrypt$N$r$p$<salt base64>$<hash base64>` so the cost can be raised later while old
 * hashes still verify. Comparison is constant-time (`timingSafeEqual`). Passwords are never logged or stored.
 * Parameters: N = 2^15, r = 8, p = 1, 16-byte salt, 32-byte hash (≈ 32 MiB and ~100 ms per hash; the values
 * OWASP's Password Storage Cheat Sheet lists for scrypt at the time of writing are N = 2^17 with r 8, p 1; 2^15 is
 * chosen so a sign-in on the field laptops this runs on stays well under a second — ASSUMPTION, documented in
 * docs/security.md).
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** Cost parameters of scrypt. */
export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  readonly N: number;
  /** Block size. */
  readonly r: number;
  /** Parallelisation. */
  readonly p: number;
}

/** The parameters new hashes use. */
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };
/** Salt and hash lengths, bytes. */
export const SALT_BYTES = 16;
export const HASH_BYTES = 32;
/** Shortest and longest password accepted, characters. */
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;

/** Memory scrypt needs for `p`: 128·N·r bytes, plus headroom (node refuses above `maxmem`). */
function maxmemFor(p: ScryptParams): number {
  return 128 * p.N * p.r * p.p + 16 * 1024 * 1024;
}

function derive(password: string, salt: Buffer, p: ScryptParams, length: number): Promise<Buffer> {
  const options: ScryptOptions = { N: p.N, r: p.r, p: p.p, maxmem: maxmemFor(p) };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, length, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** The administrator's rules for new passwords (policy `policy.password.*`, main/settings/policies.ts). */
export interface PasswordRuleSet {
  /** Fewest characters. */
  readonly minLength: number;
  /** Fewest kinds of character mixed (lower case, upper case, digit, other); 1 = no rule. */
  readonly minClasses: number;
}

/** The rules without a policy: {@link MIN_PASSWORD_LENGTH} characters, no composition rule. */
export const DEFAULT_PASSWORD_RULES: PasswordRuleSet = { minLength: MIN_PASSWORD_LENGTH, minClasses: 1 };

/** How many of lower case, upper case, digits and other characters `password` mixes (0…4). */
export function characterKinds(password: string): number {
  return [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{Ll}\p{Lu}\p{Nd}]/u].filter((re) => re.test(password)).length;
}

/**
 * Plain-language problem with a new password, or null when it is acceptable: at least `rules.minLength` characters
 * (default {@link MIN_PASSWORD_LENGTH}), at most {@link MAX_PASSWORD_LENGTH}, not only spaces, not the user name, and
 * mixing `rules.minClasses` kinds of character. (NIST SP 800-63B §5.1.1: length over composition rules; the kinds rule
 * exists for utilities whose policy demands it.)
 */
export function passwordProblem(password: string, username?: string, rules: PasswordRuleSet = DEFAULT_PASSWORD_RULES): string | null {
  if (password.length < rules.minLength) return `A password needs at least ${rules.minLength} characters; a short sentence is easy to remember.`;
  if (password.length > MAX_PASSWORD_LENGTH) return `A password may have at most ${MAX_PASSWORD_LENGTH} characters.`;
  if (password.trim() === '') return 'A password cannot be only spaces.';
  if (username !== undefined && password.toLowerCase() === username.toLowerCase()) return 'The password must not be the user name.';
  if (characterKinds(password) < rules.minClasses) {
    return `A password must mix at least ${rules.minClasses} of: lower-case letters, capitals, digits, other characters (your administrator's rule).`;
  }
  return null;
}

/** Hash `password` with a fresh salt. Resolves to the encoded string `scrypt$N$r$p$salt$hash`. */
export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, params, HASH_BYTES);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** The parts of an encoded hash, or null when it is not one. */
export function parseHash(encoded: string): { params: ScryptParams; salt: Buffer; hash: Buffer } | null {
  const m = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(encoded);
  if (!m) return null;
  const [N, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (N < 2 || (N & (N - 1)) !== 0 || N > 2 ** 20 || r < 1 || r > 32 || p < 1 || p > 16) return null;
  const salt = Buffer.from(m[4]!, 'base64');
  const hash = Buffer.from(m[5]!, 'base64');
  if (salt.length < 8 || hash.length < 16) return null;
  return { params: { N, r, p }, salt, hash };
}

/** True when `encoded` uses weaker parameters than {@link DEFAULT_SCRYPT} (re-hash at the next sign-in). */
export function needsRehash(encoded: string, params: ScryptParams = DEFAULT_SCRYPT): boolean {
  const parsed = parseHash(encoded);
  return parsed === null || parsed.params.N < params.N || parsed.params.r < params.r || parsed.params.p < params.p;
}

/**
 * A well-formed hash that no password matches, with `params` (unknown users): random salt and random "hash" bytes, so
 * making it costs no scrypt run and verifying against it costs exactly one — the same as a real user's, in every
 * process (a `pmu` command is one process per try: a dummy hashed on first use would cost an unknown name twice).
 */
function dummyHash(params: ScryptParams): string {
  return `scrypt$${params.N}$${params.r}$${params.p}$${randomBytes(SALT_BYTES).toString('base64')}$${randomBytes(HASH_BYTES).toString('base64')}`;
}

/**
 * True when `password` matches `encoded` (constant-time comparison). A malformed or null `encoded` (unknown user)
 * still costs one scrypt run, so the answer time does not tell whether the user exists.
 */
export async function verifyPassword(password: string, encoded: string | null, params: ScryptParams = DEFAULT_SCRYPT): Promise<boolean> {
  const parsed = parseHash(encoded ?? '') ?? parseHash(dummyHash(params));
  if (!parsed) return false;
  const candidate = await derive(password, parsed.salt, parsed.params, parsed.hash.length);
  const same = candidate.length === parsed.hash.length && timingSafeEqual(candidate, parsed.hash);
  return same && encoded !== null && parseHash(encoded) !== null;
}

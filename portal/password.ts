import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';

const KEY_LENGTH = 32;
/** scrypt's cost (N) for every password the portal stores, unless the portal is built with another. */
export const PASSWORD_COST = 16384;

/** scrypt on libuv's thread pool: hashing never blocks the server's other requests. */
function derive(password: string, salt: Buffer, length: number, cost: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, length, { N: cost }, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

function encode(cost: number, salt: Buffer, hash: Buffer): string {
  return `scrypt$${cost}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** Hashes a password with scrypt and a random salt: `scrypt$<cost>$<salt>$<hash>`. */
export async function hashPassword(password: string, cost = PASSWORD_COST): Promise<string> {
  const salt = randomBytes(16);
  return encode(cost, salt, await derive(password, salt, KEY_LENGTH, cost));
}

/** The same, blocking: only for accounts set up before the portal serves (start-up), never in a request. */
export function hashPasswordSync(password: string, cost = PASSWORD_COST): string {
  const salt = randomBytes(16);
  return encode(cost, salt, scryptSync(password, salt, KEY_LENGTH, { N: cost }));
}

/**
 * Checks a password against a stored hash in constant time. A member without a hash is checked against `unknownHash`
 * (a hash of a random password at the portal's cost, made at start-up), so an unknown e-mail takes as long as a
 * known one.
 */
export async function verifyPassword(password: string, stored: string | null, unknownHash: string): Promise<boolean> {
  const [scheme, cost, salt, hash] = (stored ?? unknownHash).split('$');
  if (scheme !== 'scrypt' || !cost || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'), expected.length, Number(cost));
  return timingSafeEqual(actual, expected) && stored !== null;
}

import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';

const KEY_LENGTH = 32;
const COST = 16384;
const DUMMY_HASH = hashPasswordSync(randomBytes(16).toString('hex'));

/** scrypt on libuv's thread pool: hashing never blocks the server's other requests. */
function derive(password: string, salt: Buffer, length: number, cost: number): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password, salt, length, { N: cost }, (error, key) => (error ? reject(error) : resolve(key))));
}

function encode(salt: Buffer, hash: Buffer): string {
  return `scrypt$${COST}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** Hashes a password with scrypt and a random salt: `scrypt$<cost>$<salt>$<hash>`. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  return encode(salt, await derive(password, salt, KEY_LENGTH, COST));
}

/** The same, blocking: only for accounts set up before the portal serves (start-up), never in a request. */
export function hashPasswordSync(password: string): string {
  const salt = randomBytes(16);
  return encode(salt, scryptSync(password, salt, KEY_LENGTH, { N: COST }));
}

/** Checks a password against a stored hash in constant time; a null hash still costs one scrypt run. */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const [scheme, cost, salt, hash] = (stored ?? DUMMY_HASH).split('$');
  if (scheme !== 'scrypt' || !cost || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'), expected.length, Number(cost));
  return timingSafeEqual(actual, expected) && stored !== null;
}

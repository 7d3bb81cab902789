import type { Faker } from '@faker-js/faker';
// The German entry alone (de over en over base): the package's main entry would load every locale, in every worker.
import { faker as german } from '@faker-js/faker/locale/de';

/** Faker's class, reached through the German instance (the per-locale entry exports no class of its own). */
const FakerClass = german.constructor as new (options: { locale: Faker['rawDefinitions'] }) => Faker;

/** FNV-1a: a stable 32-bit hash, so a key always maps to the same faker seed. */
function hash32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * A German-locale faker seeded from the run's SEED and a key (a test's title path, say):
 * the same seed and key always give the same members, addresses and orders.
 */
export function seededFaker(seed: number, key = ''): Faker {
  // The German instance's merged definitions: the same data as `new Faker({ locale: [de, en, base] })`.
  const faker = new FakerClass({ locale: german.rawDefinitions });
  faker.seed(key ? hash32(`${seed}:${key}`) : seed);
  return faker;
}

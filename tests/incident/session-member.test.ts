import { expect } from '@playwright/test';
import { createPortal } from '../../portal/app';
import { runPlantedAsync, test } from './planted-run';

const SEED_TOKEN = 'planted-session-token';

test('a sign-in that keeps failing tries the same seeded member again, and every member seeded is deleted at the end', async ({ reportsDir }) => {
  const portal = createPortal({ mode: 'development', seedToken: SEED_TOKEN, faults: ['login-broken'] });
  const server = await portal.start(0, '127.0.0.1');
  try {
    const before = portal.store.memberCount();
    const seeded: string[] = [];
    const upsert = portal.store.upsertMember.bind(portal.store);
    portal.store.upsertMember = (input) => {
      seeded.push(input.email);
      return upsert(input);
    };
    const run = await runPlantedAsync('planted-session', { BASE_URL: server.url, SEED_TOKEN, TARGET_ENV: 'local', FIREWATCH_REPORTS_DIR: reportsDir });
    expect(run.output, 'the member view skipped, the check failed at sign-in').toMatch(/1 failed[\s\S]*1 skipped/);
    expect(run.output).toMatch(/Sign-in for the signed-in flows failed: POST \S+\/anmelden answered 500/);
    expect(seeded, 'one member seeded for the worker, signed in again by the second test').toHaveLength(1);
    expect(portal.store.memberCount(), 'no seeded member left on the target').toBe(before);
  } finally {
    await portal.stop();
  }
});

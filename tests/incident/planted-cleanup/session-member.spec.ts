import { test as base, expect } from '@playwright/test';
import { deleteSessionMember } from '../../../fixtures/session';
import { SeedClient } from '../../../seed/client';

/** A worker fixture that, like the signed-in member's, deletes its member at worker end, against a target that is gone. */
const test = base.extend<object, { leftOver: string }>({
  leftOver: [
    async ({}, use) => {
      await use('m-planted-1');
      // Port 9 (discard) is closed on loopback: every delete attempt fails.
      await deleteSessionMember(new SeedClient('http://127.0.0.1:9', 'planted-token'), 'm-planted-1');
    },
    { scope: 'worker' },
  ],
});

test('the member services check passes', { tag: ['@critical', '@flow-member-services'] }, ({ leftOver }) => {
  expect(leftOver).toBe('m-planted-1');
});

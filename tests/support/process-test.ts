import { test as base } from '@playwright/test';
import { stopStarted } from './processes';

/** A `test` whose teardown stops every portal and suite run the test started, which runs even after a timeout. */
export const processTest = base.extend<{ processes: void }>({
  processes: [
    async ({}, use) => {
      await use();
      await stopStarted();
    },
    { auto: true },
  ],
});

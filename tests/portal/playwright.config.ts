import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

const systemChromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));
const executablePath = process.env.CHROMIUM_PATH ?? systemChromium;

export default defineConfig({
  testDir: '.',
  testMatch: '*.test.ts',
  fullyParallel: true,
  reporter: 'list',
  // Every portal runs in-process on a random port; a test slower than this is a hang, not a slow page.
  timeout: 15_000,
  outputDir: '../../test-results/portal',
  use: {
    launchOptions: {
      ...(executablePath ? { executablePath } : {}),
      args: ['--disable-background-networking', '--no-sandbox'],
    },
  },
});

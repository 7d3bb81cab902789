import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

// playwright-core is loaded only when Playwright's own build must be looked up: it costs a waiting wrapper 85 MiB.
const require = createRequire(import.meta.url);

/** System Chromium locations tried after CHROMIUM_PATH, in order. */
export const SYSTEM_CHROMIUM_PATHS = [
  // The headless shell first: it starts in half the time and does the same headless work with half the CPU.
  '/usr/bin/chromium-headless-shell',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

/** Flags that keep a headless Chromium quiet on a closed network (no update, sync or background traffic). */
export const CHROMIUM_ARGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--disable-gpu',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

export type BrowserChoice =
  | { kind: 'playwright'; executablePath?: undefined }
  | { kind: 'system'; executablePath: string }
  | { kind: 'none'; executablePath?: undefined };

/** Playwright's own Chromium where installed, else CHROMIUM_PATH, else a usual system path. */
export function findChromium(chromiumPath = process.env.CHROMIUM_PATH): BrowserChoice {
  if (chromiumPath) return existsSync(chromiumPath) ? { kind: 'system', executablePath: chromiumPath } : { kind: 'none' };
  try {
    const { chromium } = require('playwright-core') as typeof import('playwright-core');
    if (existsSync(chromium.executablePath())) return { kind: 'playwright' };
  } catch {
    // No Playwright browser registered for this platform: fall through to system paths.
  }
  const system = SYSTEM_CHROMIUM_PATHS.find((candidate) => existsSync(candidate));
  return system ? { kind: 'system', executablePath: system } : { kind: 'none' };
}

const HOW_TO_GET_ONE =
  'No Chromium found: run "npx playwright install chromium", or install your system\'s package (Debian/Ubuntu: "sudo apt-get install chromium-headless-shell", or "chromium") and, if it is not in /usr/bin, point CHROMIUM_PATH at it.';

function tryPlaywrightDownload(): boolean {
  const result = spawnSync(process.execPath, [require.resolve('@playwright/test/cli'), 'install', 'chromium'], {
    stdio: 'ignore',
    timeout: 180_000,
  });
  return result.status === 0;
}

function tryAptInstall(): boolean {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) return false;
  try {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env });
    // The headless shell where the distribution has it (Debian 12+), else the full browser.
    for (const pkg of ['chromium-headless-shell', 'chromium']) {
      try {
        execFileSync('apt-get', ['install', '-y', '-qq', pkg], { stdio: 'ignore', env });
        return true;
      } catch {
        // Not packaged here: try the next.
      }
    }
    return false;
  } catch {
    return false;
  }
}

/** Makes sure a Chromium is there: Playwright's download where it works, else the OS package (as root). */
export function ensureChromium(
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): BrowserChoice | { kind: 'present' } {
  // Cheap first: an existing CHROMIUM_PATH or system Chromium means nothing to install. Which build runs is the
  // suite's config's choice (findChromium, Playwright's own first), made in the processes that load Playwright anyway.
  const chromiumPath = process.env.CHROMIUM_PATH;
  if (chromiumPath ? existsSync(chromiumPath) : SYSTEM_CHROMIUM_PATHS.some((candidate) => existsSync(candidate)))
    return { kind: 'present' };
  const found = findChromium();
  if (found.kind !== 'none') return found;
  if (process.env.CHROMIUM_PATH) {
    throw new Error(`CHROMIUM_PATH points to "${process.env.CHROMIUM_PATH}", which does not exist. ${HOW_TO_GET_ONE}`);
  }
  log("No Chromium found; trying Playwright's download…");
  if (tryPlaywrightDownload() && findChromium().kind !== 'none') return findChromium();
  log('Playwright\'s download is not reachable; installing the system package "chromium-headless-shell" (or "chromium")…');
  if (tryAptInstall() && findChromium().kind !== 'none') return findChromium();
  throw new Error(HOW_TO_GET_ONE);
}

/** For command-line entry points: a Chromium, or the one sentence on how to get one and exit code 2. */
export function ensureChromiumOrExit(): BrowserChoice | { kind: 'present' } {
  try {
    return ensureChromium();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  }
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  ensureChromiumOrExit();
  const choice = findChromium();
  process.stdout.write(choice.kind === 'playwright' ? "Chromium: Playwright's own build.\n" : `Chromium: ${choice.executablePath ?? ''}\n`);
}

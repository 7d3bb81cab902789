import { expect, test, type Locator, type Page, type Response } from '@playwright/test';

/**
 * Runs a page-object action as a named, boxed report step, so a failure reads
 * "step 'Submit diesel order' failed" and points at the spec line that called it.
 */
export function step<T>(title: string, body: () => Promise<T>): Promise<T> {
  return test.step(title, body, { box: true });
}

/**
 * A member who gets an error page for what they opened or sent stops there, and so does the check: a 5xx answer
 * fails at once, naming status, method and path, instead of waiting for the page's content until the timeout.
 */
export function expectNoServerError(response: Response | null | undefined, what: string): void {
  if (!response) return;
  const status = response.status();
  const { pathname } = new URL(response.url());
  expect(status, `${what}: the portal answered HTTP ${status} on ${response.request().method()} ${pathname}`).toBeLessThan(500);
}

/** Opens a path of the portal as a member does (a page navigation); a server error fails at once. */
export async function open(page: Page, path: string, what: string): Promise<Response | null> {
  let response: Response | null;
  try {
    response = await page.goto(path);
  } catch (error) {
    // A page that did not answer within its budget keeps loading: stop it, so the failure's screenshot and the
    // context's close do not wait for the hanging answer as well.
    await stopLoading(page);
    throw error;
  }
  expectNoServerError(response, what);
  return response;
}

/** Stops a page's pending navigation, as the browser's stop button does (Chromium, over CDP); best effort. */
async function stopLoading(page: Page): Promise<void> {
  try {
    const session = await page.context().newCDPSession(page);
    await session.send('Page.stopLoading');
    await session.detach();
  } catch {
    // The page or its browser is gone: nothing is loading any more.
  }
}

/** How long a form submission may take to answer: the suite's navigation budget, where a member gives up. */
const SUBMIT_TIMEOUT_MS = 10_000;

/**
 * Clicks a button that sends a form. When the portal answers the navigation it starts with a server error, fails at
 * once; without a navigation (a broken page script) nothing was answered, and the caller's own wait decides.
 */
export async function send(page: Page, button: Locator, what: string): Promise<void> {
  let answer: Response | undefined;
  const record = (response: Response) => {
    const request = response.request();
    // A service worker's request has no frame (frame() throws): it is not the page's navigation either.
    if (request.serviceWorker() || !request.isNavigationRequest()) return;
    if (request.frame() === page.mainFrame()) answer = response;
  };
  page.on('response', record);
  try {
    // Playwright's click waits until a navigation it starts has its answer, so the answer is known here. A submission
    // is a navigation: it gets the navigation budget (playwright.config.ts's navigationTimeout), not the 5 s of an action.
    await button.click({ timeout: SUBMIT_TIMEOUT_MS });
  } catch (error) {
    await stopLoading(page);
    throw error;
  } finally {
    page.off('response', record);
  }
  expectNoServerError(answer, what);
}

/** Parses a German amount such as "1.234,56 €", "−45,12 €", "1,459 €", "3,4 °C" or "1.500 l" into a number. */
export function parseGermanNumber(text: string): number {
  const match = /([-−–]?)\s*([\d.]+(?:,\d+)?)/.exec(text.replace(/\u00a0/g, ' '));
  if (!match?.[2]) throw new Error(`Expected a German number, got "${text}".`);
  const value = Number(match[2].replace(/\./g, '').replace(',', '.'));
  return match[1] ? -value : value;
}

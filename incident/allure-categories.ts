/** One Allure category in the Allure 2 / allure-js form that Allure 3 also accepts. */
export interface AllureCategory {
  name: string;
  description?: string;
  messageRegex?: string;
  matchedStatuses?: ('failed' | 'broken' | 'passed' | 'skipped' | 'unknown')[];
}

const anywhere = (pattern: string) => `[\\s\\S]*(?:${pattern})[\\s\\S]*`;

/**
 * Allure categories that separate product failures from test and infrastructure failures; first match wins.
 * Standalone (no imports) so both allure-playwright (categories.json) and Allure 3's config can load it.
 * Regexes are wrapped in [\s\S]* so they match whole multi-line messages (Allure 2) and parts (Allure 3) alike.
 */
export const ALLURE_CATEGORIES: AllureCategory[] = [
  {
    name: 'Infrastructure: target unreachable',
    description: 'The portal did not answer at all (connection refused, DNS, reset): hosting, network or deploy.',
    messageRegex: anywhere(
      'ERR_CONNECTION_REFUSED|ERR_CONNECTION_RESET|ERR_NAME_NOT_RESOLVED|ERR_ADDRESS_UNREACHABLE|ERR_EMPTY_RESPONSE|ECONNREFUSED|ENOTFOUND|ECONNRESET|EHOSTUNREACH|socket hang up',
    ),
    matchedStatuses: ['failed', 'broken'],
  },
  {
    name: 'Infrastructure: browser launch',
    description: 'The browser could not start; nothing about the portal is known.',
    messageRegex: anywhere("browserType\\.launch|Executable doesn't exist|Failed to launch|Browser closed unexpectedly"),
    matchedStatuses: ['failed', 'broken'],
  },
  {
    name: 'Product: server errors (5xx)',
    description: 'The portal answered with 5xx.',
    messageRegex: anywhere(
      'server error\\(s\\)|\\b5\\d\\d (?:Internal Server Error|Bad Gateway|Service Unavailable|Gateway Timeout)|(?:answered|status|HTTP) 5\\d\\d',
    ),
    matchedStatuses: ['failed', 'broken'],
  },
  {
    name: 'Product: page script errors',
    description: 'Uncaught errors in the page scripts.',
    messageRegex: anywhere('uncaught page error'),
    matchedStatuses: ['failed', 'broken'],
  },
  {
    name: 'Product: stale data',
    description: 'The page shows outdated data (weather older than allowed).',
    messageRegex: anywhere('\\bstale\\b|\\bveraltet\\b'),
    matchedStatuses: ['failed', 'broken'],
  },
  {
    name: 'Product: too slow',
    description: 'A page or action took longer than a member waits.',
    messageRegex: anywhere('Timeout \\d+ms exceeded|Test timeout of \\d+ms exceeded'),
    matchedStatuses: ['failed', 'broken'],
  },
  {
    name: 'Product: assertion failures',
    description: 'The portal showed something other than what a member needs (missing element, wrong content).',
    matchedStatuses: ['failed'],
  },
  {
    name: 'Test failures',
    description: 'The test itself broke (an error that is not an assertion): fix the suite, not the portal.',
    matchedStatuses: ['broken'],
  },
];

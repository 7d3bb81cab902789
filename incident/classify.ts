import { EMPTY_GUARD, stripAnsi, type FailureClass, type GuardReport } from '../contract';
import { stripCodeFrame } from './text';

const UNREACHABLE =
  /net::ERR_(?:CONNECTION_REFUSED|CONNECTION_RESET|CONNECTION_CLOSED|CONNECTION_FAILED|NAME_NOT_RESOLVED|ADDRESS_UNREACHABLE|EMPTY_RESPONSE|INTERNET_DISCONNECTED|SOCKET_NOT_CONNECTED)|\bE(?:CONNREFUSED|NOTFOUND|CONNRESET|HOSTUNREACH|NETUNREACH|AI_AGAIN)\b|socket hang up/;
const HTTP_5XX =
  /\b(?:answered|status(?: code)?|HTTP|responded(?: with)?|returned|response)\s*:?\s*5\d\d\b|\b5\d\d (?:Internal Server Error|Bad Gateway|Service Unavailable|Gateway Timeout)\b|\bserver errors?\b.*\b5\d\d\b/i;
const STALE = /\bstale\b|\bveraltet\b|\bfreshness\b|\bnot fresh\b|\boutdated\b|\bStand\b/i;
const SLOW =
  /Test timeout of \d+ms exceeded|Navigation timeout|(?:page|frame)\.(?:goto|reload|goBack|goForward|waitForURL|waitForLoadState|waitForNavigation|waitForResponse|waitForRequest|waitForEvent|waitForFunction): Timeout \d+ms exceeded|net::ERR_TIMED_OUT|waiting for (?:navigation|event|response|request)/;
const ELEMENT_MISSING =
  /element\(s\) not found|resolved to 0 elements|Received: <element\(s\) not found>|Expected: visible\s*\n(?:.*\n)*?Received: hidden/;
const ACTION_TIMEOUT = /(?:locator|page|frame|elementHandle)\.[a-zA-Z]+: Timeout \d+ms exceeded/;
const EXPECT_MISMATCH =
  /expect\((?:received|locator|page)\)\.(?:not\.)?(?:to[A-Z]\w*)|Expected(?: string| pattern| value| substring)?: .*\n(?:.*\n)*?Received(?: string| value)?: /;
const PAGE_ERROR = /\buncaught (?:page )?(?:error|exception)s?\b|\bpageerror\b|\bpage errors?\b/i;

/** The message header: the lines before the first blank line or call log, where custom expect messages live. */
function header(text: string): string {
  return text.split(/\n\s*\n|\nCall log:/)[0] ?? text;
}

/**
 * Classifies one failed test from its error text and what the guard fixture saw.
 * Pure: same input, same class. Guard 5xx or page errors win over generic symptoms (timeouts, missing elements).
 */
export function classifyFailure(errorText: string, guard: GuardReport = EMPTY_GUARD): FailureClass {
  const text = stripCodeFrame(stripAnsi(errorText));
  const head = header(text);
  const guardUnreachable = guard.failedRequests.some((request) => UNREACHABLE.test(request.failure ?? ''));
  if (UNREACHABLE.test(text)) return 'target-unreachable';
  if (STALE.test(head)) return 'stale-data';
  if (HTTP_5XX.test(head)) return 'http-5xx';
  if (PAGE_ERROR.test(head) && !EXPECT_MISMATCH.test(head)) return 'page-script-error';

  // What is left are symptoms; a server error or page error the guard saw is the likelier cause.
  if (guard.serverErrors.some((error) => error.status >= 500)) return 'http-5xx';
  if (guard.pageErrors.length > 0) return 'page-script-error';
  if (guardUnreachable) return 'target-unreachable';
  return symptomOf(text);
}

type Symptom = 'slow-timeout' | 'element-missing' | 'wrong-content' | 'unknown';

function symptomOf(text: string): Symptom {
  if (SLOW.test(text)) return 'slow-timeout';
  if (ELEMENT_MISSING.test(text)) return 'element-missing';
  if (ACTION_TIMEOUT.test(text)) return /locator resolved to/.test(text) ? 'slow-timeout' : 'element-missing';
  if (EXPECT_MISMATCH.test(text)) return 'wrong-content';
  if (/Timeout \d+ms exceeded|Timed out \d+ms/.test(text)) return 'slow-timeout';
  return 'unknown';
}

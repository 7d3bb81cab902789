import { EFFECTS, type Effect } from '../contract';
import { findPromise, promisesOfCheck, type MemberPromise } from '../flows';
import type { AttemptRecord } from './records';

/**
 * What a check's failure means, from the promise catalogue (flows/promises.ts): the promise whose step failed, with its
 * effect; else the gravest effect among the promises the check protects, and the one promise of that effect when there
 * is only one; else the effect its tags declare.
 */
export function failureMeaning(
  checkTitle: string,
  attempts: readonly Pick<AttemptRecord, 'status' | 'brokenPromise'>[],
  tagged: Effect,
): { effect: Effect; brokenPromise?: string } {
  const failed = [...attempts].reverse().find((attempt) => attempt.status !== 'passed' && attempt.status !== 'skipped');
  const annotated = failed?.brokenPromise ? findPromise(failed.brokenPromise) : undefined;
  if (annotated) return { effect: annotated.effect, brokenPromise: annotated.id };
  const kept = promisesOfCheck(checkTitle);
  const effect = EFFECTS.find((candidate) => kept.some((promise) => promise.effect === candidate));
  if (!effect) return { effect: tagged };
  const ofThatEffect = kept.filter((promise) => promise.effect === effect);
  return { effect, ...(ofThatEffect.length === 1 ? { brokenPromise: (ofThatEffect[0] as MemberPromise).id } : {}) };
}

import { z } from 'zod';
import { mutantRefSchema } from '../../flows/promises';

/**
 * A surviving mutant of `npm run mutation` that cannot or should not be killed, named as Stryker's JSON report names it
 * (file relative to the project, the line the mutant starts on, the mutator, the replacement), with the reason: an
 * equivalent mutant (no member could tell the difference), a cosmetic string, or behaviour no critical flow covers.
 * An excepted mutant leaves the score's denominator. The run fails when an exception matches no mutant any more, or
 * only mutants the suite now kills (remove it then), and when exceptions pass 10 % of the mutants.
 */
export const mutationExceptionSchema = mutantRefSchema.extend({
  reason: z.string().min(10, 'say why this mutant cannot or should not be killed (equivalent, cosmetic, non-critical)'),
});
export type MutationException = z.infer<typeof mutationExceptionSchema>;

/** The reviewed exceptions, each a surviving mutant someone decided about. */
export const MUTATION_EXCEPTIONS: readonly MutationException[] = z.array(mutationExceptionSchema).parse([]);

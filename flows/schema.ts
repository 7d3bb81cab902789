import { z } from 'zod';

export const SEVERITIES = ['SEV-1', 'SEV-2', 'SEV-3', 'SEV-4', 'SEV-5'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const flowIdSchema = z.string().regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'must be kebab-case, e.g. diesel-order');

/** A status message for members: whole German sentences, short enough to read on a phone, no markup. */
const memberMessage = z
  .string()
  .min(20)
  .max(400)
  .regex(/^[^<>{}`]*$/, 'must be plain text (no markup)')
  .regex(/[.!]$/, 'must end a sentence');

/** One business-critical flow: what it means to the business, and who owns it. */
export const flowSchema = z.object({
  id: flowIdSchema,
  title: z.string().min(3),
  /** The business capability, as a manager names it ("Diesel ordering"); the incident title starts with it. */
  capability: z.string().min(3),
  /** What members cannot do while it is down, in one sentence. */
  impact: z.string().min(10),
  /** The severity when members cannot do it (`down`). */
  severity: z.enum(SEVERITIES),
  /**
   * The severity of the other effects, decided by the business per flow: `wrong` (members can do it, but get a wrong
   * result: amount, record, data) and `degraded` (it works, but something members rely on is missing).
   */
  effectSeverity: z.object({ wrong: z.enum(SEVERITIES), degraded: z.enum(SEVERITIES) }),
  owner: z.string().min(2),
  runbook: z.url(),
  dependsOn: z.array(flowIdSchema),
  /** Draft customer-facing status line while the flow is down (English, for the team's status draft). */
  statusMessage: z.string().min(10),
  /**
   * What members read on their status page (reports/probe/members.html), in German, the language of the portal and its
   * members: the capability in their words, and the status message per effect. Plain words only: no flow ids, no
   * technical terms, no internal names.
   */
  members: z
    .object({
      /** The capability as members name it ("Dieselbestellung"). */
      name: z.string().min(3).max(40),
      /** While members cannot use it. */
      down: memberMessage,
      /** While it works but something members rely on is missing or slow. */
      degraded: memberMessage,
      /** While it works but gives wrong results (a price, an order, the weather). */
      wrong: memberMessage,
    })
    .strict(),
});

export type Flow = z.infer<typeof flowSchema>;

/** Validates a registry: entries well-formed, ids unique, dependencies known and free of cycles. */
export function parseRegistry(entries: unknown): readonly Flow[] {
  const flows = z.array(flowSchema).min(1).parse(entries);
  const ids = new Set<string>();
  const memberNames = new Set<string>();
  for (const flow of flows) {
    if (ids.has(flow.id)) throw new Error(`Flow registry: duplicate flow id "${flow.id}".`);
    ids.add(flow.id);
    // Members tell capabilities apart by this name alone.
    if (memberNames.has(flow.members.name))
      throw new Error(`Flow registry: "${flow.id}" has the members' name "${flow.members.name}" of another flow.`);
    memberNames.add(flow.members.name);
  }
  for (const flow of flows) {
    for (const dependency of flow.dependsOn) {
      if (!ids.has(dependency)) throw new Error(`Flow registry: "${flow.id}" depends on unknown flow "${dependency}".`);
    }
  }
  const byId = new Map(flows.map((flow) => [flow.id, flow]));
  const visit = (id: string, trail: string[]): void => {
    if (trail.includes(id)) throw new Error(`Flow registry: dependency cycle ${[...trail, id].join(' → ')}.`);
    for (const dependency of byId.get(id)?.dependsOn ?? []) visit(dependency, [...trail, id]);
  };
  for (const flow of flows) visit(flow.id, []);
  return Object.freeze(flows.map((flow) => Object.freeze(flow)));
}

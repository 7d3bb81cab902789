import { z } from 'zod';
import { bodyExcerpt, parseTargetJson, SuiteError } from '../contract';
import type { Address, DieselOrderData, MemberData } from './builders';

/** Raised when something tries to seed a production target or has no token: a configuration error of the suite. */
export class SeedingForbiddenError extends SuiteError {
  constructor(reason: string, fix: string) {
    super('configuration', reason, fix);
  }
}

export const seededMemberSchema = z.object({
  id: z.string(),
  memberNumber: z.string(),
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  street: z.string(),
  postcode: z.string(),
  town: z.string(),
});
export type SeededMember = z.infer<typeof seededMemberSchema>;

export const seededOrderSchema = z.object({
  orderNumber: z.string(),
  product: z.string(),
  quantityLitres: z.number(),
  deliveryDate: z.string(),
  street: z.string(),
  postcode: z.string(),
  town: z.string(),
  total: z.number(),
  status: z.enum(['open', 'cancelled']),
  synthetic: z.boolean().optional(),
});
export type SeededOrder = z.infer<typeof seededOrderSchema>;

/**
 * The target's test-data API (`/api/testdata`, Bearer SEED_TOKEN). Plain fetch on purpose: calls made
 * here stay out of Playwright traces, so the token is never recorded.
 */
export class SeedClient {
  constructor(
    private readonly baseURL: string,
    private readonly token: string,
  ) {}

  /** A client for the configured target; refuses production, and says what is missing otherwise. */
  static forTarget(options: { baseURL: string; targetEnv: string; seedToken?: string }): SeedClient {
    if (options.targetEnv === 'production') {
      throw new SeedingForbiddenError(
        `Refusing to seed ${options.baseURL}: TARGET_ENV=production.`,
        'Production runs use only the synthetic probe account (PROBE_EMAIL/PROBE_PASSWORD) and never the test-data API.',
      );
    }
    if (!options.seedToken) {
      throw new SeedingForbiddenError(
        `Cannot seed ${options.baseURL}: SEED_TOKEN is not set.`,
        "Set SEED_TOKEN to the target's test-data token (see .env.example).",
      );
    }
    return new SeedClient(options.baseURL, options.seedToken);
  }

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const url = `${this.baseURL}/api/testdata${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          'x-synthetic-probe': 'firewatch-seed',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        // Seeding waits no longer than a page would; a hanging target is reported, not waited out.
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      throw new Error(`Seeding ${method} ${url} failed: target unreachable (${(error as Error).message}).`, { cause: error });
    }
    const text = await response.text();
    if (response.status === 401 || response.status === 403) {
      throw new SuiteError(
        'credentials',
        `The target refused the seeding token: ${method} ${url} answered ${response.status}.`,
        `Set SEED_TOKEN to the token the portal at ${this.baseURL} was started with (its test-data API); for a portal started with \`npm run portal\` leave SEED_TOKEN unset.`,
      );
    }
    if (!response.ok) {
      throw new Error(`Seeding ${method} ${url} failed: server answered ${response.status}: ${bodyExcerpt(text, 300)}`);
    }
    return text ? parseTargetJson(text, `Seeding ${method} ${url}: the target answered ${response.status}`) : undefined;
  }

  /** Creates a member (idempotent by e-mail). */
  async createMember(member: MemberData): Promise<SeededMember> {
    return seededMemberSchema.parse(await this.call('POST', '/members', member));
  }

  /** Deletes a member with its orders and sessions. */
  async deleteMember(id: string): Promise<void> {
    await this.call('DELETE', `/members/${encodeURIComponent(id)}`);
  }

  /** Stores an order for a member as given (the form rules apply: 422 names what they refuse). */
  async createOrder(memberId: string, order: Omit<DieselOrderData, 'notes'> & { notes?: string } & Partial<Address>): Promise<SeededOrder> {
    return seededOrderSchema.parse(await this.call('POST', `/members/${encodeURIComponent(memberId)}/orders`, order));
  }

  /** A member's stored orders with their delivery address, as the target keeps them. */
  async listOrders(memberId: string): Promise<SeededOrder[]> {
    return z.array(seededOrderSchema).parse(await this.call('GET', `/members/${encodeURIComponent(memberId)}/orders`));
  }
}

/** Tracks what one test or run created and deletes it again, collecting (not hiding) cleanup failures. */
export class SeedLedger {
  private readonly members: string[] = [];

  constructor(private readonly client: SeedClient) {}

  async member(data: MemberData): Promise<SeededMember> {
    const member = await this.client.createMember(data);
    this.members.push(member.id);
    return member;
  }

  /** Deletes every tracked member (their orders go with them); throws one error naming what stayed. */
  async cleanup(): Promise<void> {
    const failures: string[] = [];
    for (const id of this.members.splice(0)) {
      await this.client.deleteMember(id).catch((error: Error) => failures.push(`member ${id}: ${error.message}`));
    }
    if (failures.length) throw new Error(`Test-data cleanup left data behind: ${failures.join('; ')}`);
  }
}

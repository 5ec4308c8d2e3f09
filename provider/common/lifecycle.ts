// Helpers shared by the resources' create/update paths.
import { createHash } from "node:crypto";
import { isNotFound } from "../clients/errors";

/**
 * Deterministic idempotency token for a create: the same resource (URN) asking for the same thing gets the same
 * token, so a create that was retried or interrupted after the server acted adopts the first result. `generation`
 * moves past tokens whose connection has since been deleted (destroy + up re-creates under the same URN).
 */
export function clientToken(resourceUrn: string, identity: readonly unknown[], generation: number): string {
  const digest = createHash("sha256")
    .update(JSON.stringify([resourceUrn, ...identity]))
    .digest("hex")
    .slice(0, 40);
  return `pulumi-${digest}-${generation}`;
}

/** True when `token` was issued by `clientToken` for this URN and identity, whatever the generation. */
export function isOurClientToken(
  token: string | undefined,
  resourceUrn: string,
  identity: readonly unknown[],
): boolean {
  const prefix = clientToken(resourceUrn, identity, 0).replace(/-0$/, "-");
  return token?.startsWith(prefix) ?? false;
}

/** Gives up on an absurd number of deleted predecessors rather than loop. */
const MAX_TOKEN_GENERATIONS = 20;

/** How a create derives its tokens: from the resource's URN and what identifies the object it orders. */
export interface TokenSeed {
  resourceUrn: string;
  identity: readonly unknown[];
}

/**
 * Runs `create` with this resource's token, generation after generation, until it answers with a live connection:
 * a token reused after destroy + up answers with the connection it made then, which has since been deleted.
 */
export async function createWithFreshToken<T extends { state: string }>(
  subject: string,
  seed: TokenSeed,
  create: (clientToken: string) => Promise<T>,
): Promise<T> {
  for (let generation = 0; generation < MAX_TOKEN_GENERATIONS; generation++) {
    const created = await create(clientToken(seed.resourceUrn, seed.identity, generation));
    if (!isGone(created.state)) return created;
  }
  throw new Error(`${subject}: ${MAX_TOKEN_GENERATIONS} earlier connections for this resource were deleted; giving up`);
}

/**
 * Thrown from create/update after the remote object exists but did not become ready. The dynamic provider host
 * (cmd/dynamic-provider grpcResponseFromError) turns an error carrying `id` into ErrorResourceInitFailed, so the
 * engine records the resource with this id and these properties instead of forgetting it (no orphan); the next
 * `pulumi up` continues from there.
 */
export class ResourceInitError extends Error {
  override readonly name = "ResourceInitError";
  constructor(
    readonly id: string,
    readonly properties: Record<string, unknown>,
    readonly reasons: string[],
  ) {
    super(reasons.join("; "));
  }
}

/** Keeps an object that exists but did not become ready in state, with `outputs` as last seen (no orphan). */
export function partialState(id: string, outputs: object, e: unknown): ResourceInitError {
  const reason = e instanceof Error ? e.message : String(e);
  return new ResourceInitError(id, outputs as Record<string, unknown>, [reason]);
}

/** Connections in these states are on their way out: for the provider they no longer exist. */
export const isGone = (state: string): boolean => state === "deleting" || state === "deleted";

/** The live connection `get` returns, or undefined when it no longer exists (404, deleting or deleted). */
export async function findLive<T extends { state: string }>(get: () => Promise<T>): Promise<T | undefined> {
  try {
    const connection = await get();
    return isGone(connection.state) ? undefined : connection;
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

// Helpers shared by the resources' create/update paths.
import { createHash } from "node:crypto";
import { isNotFound } from "../clients/errors";

/**
 * Deterministic idempotency token for a create: the same resource (URN) sending the same request gets the same token,
 * so a create that was retried or interrupted after the server acted adopts the first result; a request that differs
 * in any member gets another token: a server refuses a token reused with other input (AWS) or answers it with what
 * the first request made (the partner).
 * `generation` moves past tokens whose connection has since been deleted (destroy + up re-creates under the same URN).
 * The token is a one-way digest, so a secret member (an activation key) does not show in it.
 */
export function clientToken(resourceUrn: string, request: object, generation: number): string {
  const digest = createHash("sha256")
    .update(JSON.stringify([resourceUrn, requestIdentity(request)]))
    .digest("hex")
    .slice(0, 40);
  return `pulumi-${digest}-${generation}`;
}

/**
 * What a create's token stands for: every member of the request as the wire carries it (JSON: an undefined member is
 * not sent), object keys sorted, so two requests a server would compare as equal (tags in another order) have one
 * identity. The request's own `clientToken`, if present, is left out.
 */
export function requestIdentity(request: object): string {
  const { clientToken: _token, ...sent } = request as Record<string, unknown>;
  return JSON.stringify(sortedKeys(JSON.parse(JSON.stringify(sent))));
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== "object") return value;
  const members = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(members)
      .sort()
      .map((key) => [key, sortedKeys(members[key])]),
  );
}

/** True when `token` was issued by `clientToken` for this URN and request, whatever the generation. */
export function isOurClientToken(token: string | undefined, resourceUrn: string, request: object): boolean {
  const prefix = clientToken(resourceUrn, request, 0).replace(/-0$/, "-");
  return token?.startsWith(prefix) ?? false;
}

/** Gives up on an absurd number of deleted predecessors rather than loop. */
const MAX_TOKEN_GENERATIONS = 20;

/**
 * Sends `request` with this resource's token for it, generation after generation, until the answer is a live
 * connection: a token reused after destroy + up answers with the connection it made then, which has since been
 * deleted. The token is derived from the very object sent, so the two cannot drift apart.
 */
export async function createWithFreshToken<R extends object, T extends { state: string }>(
  subject: string,
  resourceUrn: string,
  request: R,
  send: (request: R & { clientToken: string }) => Promise<T>,
): Promise<T> {
  for (let generation = 0; generation < MAX_TOKEN_GENERATIONS; generation++) {
    const created = await send({ ...request, clientToken: clientToken(resourceUrn, request, generation) });
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

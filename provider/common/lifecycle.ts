// Helpers shared by the resources' create/update paths.
import { createHash } from "node:crypto";
import { isNotFound } from "../client";

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

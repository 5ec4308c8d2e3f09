// The activation-key family of the spec: reading a key, confirming a key this side issued (ConfirmActivationKey, once
// only, a lost answer's retry answered alike) and asking the peer that issued a key to confirm it.
import { createHash } from "node:crypto";
import { decodeActivationKey, type ActivationKeyPayload } from "../../schema/aws";
import { conflict, invalidArgument } from "../http/errors";
import type { EnvironmentSpec } from "../world/catalog";
import { iso } from "./format";
import type { SpecHandlers } from "./request";
import type { SideContext } from "./context";

/** The key's payload (schema/aws.ts codec), or 400 when it is not a key. */
export function parseActivationKey(encoded: string): ActivationKeyPayload {
  const key = decodeActivationKey(encoded);
  if (key) return key;
  throw invalidArgument(
    "activation key is not a base64-encoded ActivationKey (version, destinationEnvironmentUri, sharedConnectionUuid, connectionSizeMbps, destinationAccountId?)",
  );
}

/** Environment id from a destinationEnvironmentUri such as "providers/partner/environments/us-east-1:nyc". */
export const environmentOfUri = (uri: string) => uri.split("/environments/").pop() ?? uri;

/** Activation keys expire this long after they were issued, by either side (emulated clock). */
export const ACTIVATION_KEY_TTL_MS = 7 * 24 * 3600 * 1000;

/**
 * The Idempotency-Key of one customer's accept of one activation key, sent with its ConfirmActivationKey: the same on
 * every retry of that accept (whose confirm answer may have been lost), different for another customer's accept.
 * A digest, so the peer learns nothing about our customer's account.
 */
function acceptIdempotencyKey(account: string, sharedConnectionUuid: string): string {
  return createHash("sha256").update(`${account}\n${sharedConnectionUuid}`).digest("base64url").slice(0, 32);
}

export class ActivationKeyFamily {
  constructor(private readonly ctx: Pick<SideContext, "records" | "rules" | "peer">) {}

  /**
   * Confirms a key this side issued: once only, so racing accepts cannot yield a second connection; but a repeat of
   * that one confirm (the same Idempotency-Key: the caller lost our answer and retries) is answered as the first was.
   */
  private confirm(env: EnvironmentSpec, key: ActivationKeyPayload, encoded: string, idempotencyKey?: string): void {
    const issued = this.ctx.rules.issuedKey(env, key, encoded);
    if (idempotencyKey !== undefined && issued.confirmedBy === idempotencyKey) return;
    if (issued.used) throw conflict("the activation key was already used", "ALREADY_EXISTS");
    const now = this.ctx.records.now();
    if (now > issued.expiresAt)
      throw conflict(`the activation key expired at ${iso(issued.expiresAt)}`, "FAILED_PRECONDITION");
    issued.confirm(now, idempotencyKey);
  }

  /** Asks the peer that issued `encoded` to confirm it for our customer `account` (retries get the same answer). */
  async confirmAtPeer(envId: string, encoded: string, account: string, sharedConnectionUuid: string): Promise<void> {
    await this.ctx.peer.send(
      "ConfirmActivationKey",
      { environment: envId },
      {
        body: { encodedKey: encoded },
        idempotencyKey: acceptIdempotencyKey(account, sharedConnectionUuid),
      },
    );
  }

  handlers() {
    return {
      ConfirmActivationKey: ({ params, body, idempotencyKey }) => {
        const env = this.ctx.records.envOf(params);
        let encoded = body.encodedKey;
        if (!encoded && body.key) encoded = Buffer.from(JSON.stringify(body.key)).toString("base64");
        if (!encoded) throw invalidArgument("encodedKey is required");
        const key = parseActivationKey(encoded);
        if (environmentOfUri(key.destinationEnvironmentUri) !== env.id) {
          throw invalidArgument(
            `the key is for environment ${environmentOfUri(key.destinationEnvironmentUri)}, not ${env.id}`,
          );
        }
        this.confirm(env, key, encoded, idempotencyKey);
        return { keyValid: true };
      },
    } satisfies Partial<SpecHandlers>;
  }
}

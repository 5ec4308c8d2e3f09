// Interconnect's implementation: the partner side of a private interconnect, ordered by accepting an activation key.
// Create, read, update (bandwidth where ./ownership.ts says this Interconnect owns it) and delete, on the resource kit.
import * as pulumi from "@pulumi/pulumi";
import { BandwidthGbps, decodeActivationKey } from "../../schema/aws";
import type { AcceptActivationKeyRequest, Link, PartnerConnection } from "../../schema/customer";
import { isConflict, isNotFound } from "../clients/errors";
import type { PartnerClient } from "../clients/partner";
import { partnerClient } from "../clients/configured";
import { createWithFreshToken, isOurClientToken, partialState } from "../common/lifecycle";
import {
  findConnection,
  findConnectionForKey,
  readSpecVersion,
  requireSupportedSpecVersion,
  lastSeen,
  retryWhileConflicting,
  waitConnectionReady,
} from "../common/partner-connection";
import { progress, warn } from "../progress";
import { isUnknown, keyVersionFailures, specVersionProblem, timeoutMs } from "../common/validation";
import { diffByRules, sameSharedConnection } from "../common/diff";
import { DECLARED_INPUTS, defineResource } from "../common/resource-kit";
import { waitUntilDeleted } from "../common/wait";
import type { LinkOutput } from "../types";
import {
  InterconnectInputsSchema,
  InterconnectSchema,
  LinkOutputSchema,
  type InterconnectInputs,
  type InterconnectState,
} from "./schema";
import { bandwidthFailures, keyOfSameConnection, ownedBandwidth } from "./ownership";
import { healthOutput, healthProblems, requireHealthyLinks } from "./health";
import { inputsOfPartnerConnection } from "./import";

const kit = defineResource<InterconnectInputs, InterconnectState, typeof InterconnectInputsSchema>({
  schema: InterconnectSchema,
  namedBy: "site",
  redacted: ["activationKey"],
  extraChecks: (olds, inputs) => [...keyFailures(inputs), ...bandwidthFailures(olds, inputs)],
  diff,
  drift: driftReasons,
  create,
  read,
  update,
  delete: deleteInterconnect,
});
export const provider = kit.provider;

// ---------------------------------------------------------------------------------------------------------------------
// Create

async function create(inputs: InterconnectInputs): Promise<pulumi.dynamic.CreateResult<InterconnectState>> {
  const client = partnerClient();
  const key = requireActivationKey(inputs.activationKey);
  const specVersion = await requireSupportedSpecVersion(client, kit.subject(inputs));
  const accepted = inputs.adopt
    ? await adoptConnection(client, inputs.adopt, key.sharedConnectionUuid)
    : await acceptKey(client, inputs, key);
  const subject = kit.subject(inputs, accepted.id);
  progress(subject, inputs.adopt ? "adopted existing partner connection" : "partner accepted the activation key");
  try {
    const ready = await waitConnectionReady(client, accepted.id, inputs, timeoutMs(inputs.timeouts, "create"), subject);
    return { id: accepted.id, outs: toOutputs(inputs, ready, { specVersion }) };
  } catch (e) {
    // The partner has the order: keep its id in state (no orphan) and let the next `up` continue waiting.
    throw partialState(accepted.id, toOutputs(inputs, lastSeen(e) ?? accepted, { specVersion }), e);
  }
}

async function acceptKey(
  client: PartnerClient,
  inputs: InterconnectInputs,
  key: DecodedKey,
): Promise<PartnerConnection> {
  const request: AcceptActivationKeyRequest = {
    activationKey: inputs.activationKey,
    site: inputs.site,
    bandwidthGbps: ownedBandwidth(inputs) ?? key.bandwidthGbps,
    macsec: inputs.macsec,
    // A set of dimensions (the diff compares it so): sent in one order, so its order never changes the token.
    diversity: inputs.diversity && [...inputs.diversity].sort(),
  };
  return createWithFreshToken(kit.subject(inputs), inputs.resourceUrn, request, async (sent) => {
    try {
      return await client.acceptActivationKey(sent);
    } catch (e) {
      if (!isConflict(e)) throw e;
      // Live by construction (findConnectionForKey skips gone ones), so no further generation is tried.
      return adoptOurConflictingConnection(client, inputs, { key, request }, e.serverMessage);
    }
  });
}

/**
 * 409 on accept: the key already has a live connection. Adopt it only if an earlier attempt of ours made it with this
 * very request (its token says so); one ordered with other input is not what this program declares.
 */
async function adoptOurConflictingConnection(
  client: PartnerClient,
  inputs: InterconnectInputs,
  { key, request }: { key: DecodedKey; request: AcceptActivationKeyRequest },
  serverMessage: string,
): Promise<PartnerConnection> {
  const holder = await findConnectionForKey(client, key.sharedConnectionUuid);
  if (holder && isOurClientToken(holder.clientToken, inputs.resourceUrn, request)) {
    progress(
      kit.subject(inputs, holder.id),
      "key already accepted by an earlier attempt of this resource; adopting it",
    );
    return holder;
  }
  // No live holder: the connection that used the key was deleted outside Pulumi, and a key is good for one
  // connection only. The cloud's half still exists under the same key; only a new key (a replaced ActivationKey) helps.
  const hint = holder
    ? `; it is held by partner connection ${holder.id} — set adopt: "${holder.id}" to manage that one`
    : `; the partner connection that used it no longer exists (deleted outside Pulumi?), and a key works once: ` +
      `replace the ActivationKey that issued it to get a new key — \`pulumi up --replace <its URN>\` ` +
      `(\`pulumi stack --show-urns\` lists the URNs)`;
  throw new Error(`${kit.subject(inputs)}: the partner refused the activation key (${serverMessage})${hint}`);
}

async function adoptConnection(
  client: PartnerClient,
  id: string,
  sharedConnectionUuid: string,
): Promise<PartnerConnection> {
  const connection = await findConnection(client, id);
  if (!connection) throw new Error(`adopt: partner connection ${id} does not exist`);
  if (connection.sharedConnectionUuid !== sharedConnectionUuid) {
    throw new Error(
      `adopt: partner connection ${id} belongs to shared connection ${connection.sharedConnectionUuid}, not to this activation key's ${sharedConnectionUuid}`,
    );
  }
  return connection;
}

// ---------------------------------------------------------------------------------------------------------------------
// Read

async function read(id: string, props?: InterconnectState): Promise<pulumi.dynamic.ReadResult<InterconnectState>> {
  const client = partnerClient();
  const connection = await findConnection(client, id);
  if (!connection) return {};
  // `pulumi import` (the plugin face) reads with no state: the inputs a program declares for the live connection.
  const inputs = props?.site
    ? declaredInputsOf(props)
    : await inputsOfPartnerConnection(connection, props?.resourceUrn);
  // Recorded, not refused: refresh shows what is real; the next diff plans an update that refuses a version not spoken.
  const specVersion = await readSpecVersion(client);
  const outputs = toOutputs(inputs, connection, { specVersion, previousLinks: props?.links });
  reportDrift(kit.subject(inputs, id), inputs, connection, outputs);
  // State shows the live connection; inputs stay as declared, so the next diff compares program vs reality.
  return { id, props: outputs, inputs: inputs as InterconnectState };
}

/**
 * The inputs as declared. State written before the kit recorded them holds a follower's provisioned size where its
 * inputs are: a follower never declares a size of its own that matters (./ownership.ts), so that one is dropped.
 */
function declaredInputsOf(props: InterconnectState): InterconnectInputs {
  const inputs = kit.declaredInputsOf(props);
  if (DECLARED_INPUTS in props || !inputs.bandwidthOwner) return inputs;
  const { bandwidthGbps: _provisioned, ...declared } = inputs;
  return declared;
}

function reportDrift(
  subject: string,
  inputs: InterconnectInputs,
  connection: PartnerConnection,
  outputs: InterconnectState,
): void {
  const versionProblem = specVersionProblem(outputs.partnerSpecVersion);
  if (versionProblem) warn(subject, `${versionProblem}; the next \`up\` refuses it`);
  for (const problem of outputs.linkHealthProblems ?? []) warn(subject, `${problem} (macsec ${inputs.macsec})`);
  const declared = ownedBandwidth(inputs);
  if (declared !== undefined && connection.bandwidthGbps !== declared) {
    warn(subject, `bandwidth changed outside Pulumi: declared ${declared} Gbps, live ${connection.bandwidthGbps} Gbps`);
  }
  if (connection.macsec !== inputs.macsec)
    warn(subject, `MACsec mode changed outside Pulumi: declared ${inputs.macsec}, live ${connection.macsec}`);
  const macsecOff = connection.links.filter((link) => !link.macsecActive).map((link) => link.name);
  if (inputs.macsec === "required" && macsecOff.length > 0)
    warn(subject, `MACsec required but inactive on ${macsecOff.join(", ")}`);
  for (const link of connection.links.filter((l) => l.operState === "DOWN" || l.bgpState !== "ESTABLISHED")) {
    const state = `oper ${link.operState}, BGP ${link.bgpState}`;
    // A drained link in the partner's maintenance window is planned, not a fault; it carries no traffic meanwhile.
    if (link.inMaintenance && link.operState === "UP") warn(subject, `link ${link.name} is in maintenance (${state})`);
    else warn(subject, `link ${link.name} is down (${state})`);
  }
  if (connection.state === "failed")
    warn(subject, `connection failed: ${connection.failureReason ?? "no reason given"}`);
}

// ---------------------------------------------------------------------------------------------------------------------
// Update

async function update(
  id: string,
  olds: InterconnectState,
  news: InterconnectInputs,
): Promise<pulumi.dynamic.UpdateResult<InterconnectState>> {
  const client = partnerClient();
  const subject = kit.subject(news, id);
  const remaining = timeBudget(timeoutMs(news.timeouts, "update"));
  const bandwidth = ownedBandwidth(news);
  const specVersion = await requireSupportedSpecVersion(client, subject);
  let latest: PartnerConnection | undefined;
  try {
    if (bandwidth !== undefined && olds.bandwidthGbps !== bandwidth) {
      progress(subject, `bandwidthGbps ${olds.bandwidthGbps} => ${bandwidth}`);
      latest = await retryWhileConflicting(subject, "the bandwidth change", remaining(), () =>
        client.updateConnection({ id, bandwidthGbps: bandwidth }),
      );
    }
    // Also finishes what an interrupted create or update left in progress.
    const ready = await waitConnectionReady(client, id, news, remaining(), subject, bandwidth);
    if (news.macsec !== "required") return { outs: toOutputs(news, ready, { specVersion }) };
    requireMacsecActive(subject, ready);
    if ((olds.linkHealthProblems ?? []).length === 0) return { outs: toOutputs(news, ready, { specVersion }) };
    const measured = await requireHealthyLinks(client, subject, ready);
    return { outs: toOutputs(news, measured, { specVersion, previousLinks: ready.links }) };
  } catch (e) {
    const observed = lastSeen(e) ?? latest;
    if (observed) throw partialState(id, toOutputs(news, observed, { specVersion }), e);
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Delete

async function deleteInterconnect(id: string, props: InterconnectState): Promise<void> {
  const client = partnerClient();
  const subject = kit.subject(props, id);
  const remaining = timeBudget(timeoutMs(props.timeouts, "delete"));
  const deleted = await retryWhileConflicting(subject, "the deletion", remaining(), async () => {
    try {
      return await client.deleteConnection({ id });
    } catch (e) {
      if (isNotFound(e)) return undefined; // already gone is what we wanted
      throw e;
    }
  });
  if (deleted) await waitUntilDeleted(subject, () => client.getConnection({ id }), remaining());
}

// ---------------------------------------------------------------------------------------------------------------------
// Check and diff: the rules the schema cannot state

/** A key that passed the schema must also decode (the schema checks only that it is base64 text). */
function keyFailures(inputs: InterconnectInputs): pulumi.dynamic.CheckFailure[] {
  if (
    isUnknown(inputs.activationKey) ||
    !InterconnectInputsSchema.shape.activationKey.safeParse(inputs.activationKey).success
  )
    return [];
  if (readKey(inputs.activationKey)) return keyVersionFailures(inputs.activationKey);
  return [
    { property: "activationKey", reason: "activationKey: not a valid activation key (base64 of the cloud's key JSON)" },
  ];
}

/** The schema's change rules, with what "the same" means for the key, adopt and the diversity request. */
async function diff(id: string, olds: InterconnectState, news: InterconnectInputs): Promise<pulumi.dynamic.DiffResult> {
  // A preview sees the key unknown whenever its ActivationKey changes; one updated in place keeps its key.
  const sameKey = keyOfSameConnection(olds, news);
  if (isUnknown(news.activationKey) && !sameKey) {
    // Preview of a key from elsewhere (or state written before bandwidthOwner): calling that a replacement would show
    // every key update as delete-and-recreate of the live connection; the real run diffs the real key, and only a key
    // for a different shared connection (its ActivationKey replaced, shown as +- beside this) replaces the Interconnect.
    progress(
      kit.subject(news, id),
      "activationKey is known only once its ActivationKey is updated, so it is previewed as the same connection; " +
        "if that ActivationKey is being replaced, `up` replaces this Interconnect too",
    );
  }
  const result = diffByRules(
    InterconnectSchema.changes,
    olds,
    {
      ...news,
      ...(sameKey ? { activationKey: olds.activationKey } : {}),
      // A follower's bandwidth is the connection's, whatever it is: never a planned change (./ownership.ts).
      bandwidthGbps: ownedBandwidth(news) ?? olds.bandwidthGbps,
    },
    {
      sameValue: {
        // Adopting the connection this resource already manages is not a change.
        adopt: (before, after) => before === after || after === id,
        diversity: (before, after) => sameSet(before as string[] | undefined, after as string[] | undefined),
      },
      // A key re-issued for the same shared connection (after a resize) changes in place.
      sameObject: { activationKey: sameSharedConnection },
    },
  );
  // No `stables`: the dynamic provider host of @pulumi/pulumi 3.248 drops them (cmd/dynamic-provider diff forwards only
  // changes, replaces and deleteBeforeReplace) and engine 3.250 does not use them for previews. Identity stays known
  // in preview because connectionId is the resource id (the schema's idOutput, set by ../stub.ts).
  return result;
}

/**
 * What the last read found that breaks this Interconnect's declaration, each planning an update (the kit's diff): under
 * macsec "required", a link health problem or a link up without MACsec (update re-measures, and fails naming the
 * remedy); an owned bandwidth changed at the partner (update resizes it back); a spec version not spoken here (so
 * a refresh shows it: the drift job's --expect-no-changes fails on it).
 */
function driftReasons(olds: InterconnectState, news: InterconnectInputs): string[] {
  const reasons: string[] = [];
  if (news.macsec === "required") {
    reasons.push(...(olds.linkHealthProblems ?? []).map((problem) => `${problem} (macsec "required")`));
    const unprotected = unprotectedLinks(olds.links ?? []);
    if (unprotected.length > 0)
      reasons.push(`MACsec is inactive on ${unprotected.join(", ")} (macsec "required"): frames leave in the clear`);
  }
  const owned = ownedBandwidth(news);
  const lastDeclared = ownedBandwidth(kit.declaredInputsOf(olds));
  if (owned !== undefined && !isUnknown(owned) && olds.bandwidthGbps !== owned && olds.bandwidthGbps !== lastDeclared)
    reasons.push(
      `bandwidth changed outside Pulumi: the partner provisions ${olds.bandwidthGbps} Gbps, declared ${owned} Gbps ` +
        `(up resizes it back)`,
    );
  const versionProblem = specVersionProblem(olds.partnerSpecVersion);
  if (versionProblem) reasons.push(versionProblem);
  return reasons;
}

/** Links that are up (they carry frames) without MACsec: a down link sends nothing, and its own remedy is elsewhere. */
const unprotectedLinks = (links: readonly Pick<Link, "name" | "operState" | "macsecActive">[]) =>
  links.filter((link) => link.operState === "UP" && !link.macsecActive).map((link) => link.name);

/** Under macsec "required": fails while a link carries frames without MACsec, naming each link and the remedy. */
function requireMacsecActive(subject: string, connection: PartnerConnection): void {
  const unprotected = connection.links.filter((link) => unprotectedLinks([link]).length > 0);
  if (unprotected.length === 0) return;
  const lines = unprotected.map(
    (link) =>
      `  - link ${link.name}: MACsec inactive while the link is up; ask the partner to turn MACsec back on for its ` +
      `port (channel ${link.channel}) and check its key (RequestMacSecKeyRotation), or move the link to other ` +
      `equipment (RelocateLink, or a RedundantLinkGroup relocation)`,
  );
  throw new Error(
    `${subject}: macsec is "required" but ${unprotected.length} link(s) send frames in the clear:\n${lines.join("\n")}`,
  );
}

const sameSet = (a: readonly string[] = [], b: readonly string[] = []) =>
  JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());

// ---------------------------------------------------------------------------------------------------------------------
// Helpers

interface DecodedKey {
  sharedConnectionUuid: string;
  /** The size the cloud issued the key for (a tier; a key the cloud sized otherwise fails at the partner). */
  bandwidthGbps: BandwidthGbps;
}

/** What the Interconnect needs from a key, read with the one shared codec (schema/aws.ts). */
function readKey(activationKey: string): DecodedKey | undefined {
  const payload = decodeActivationKey(activationKey);
  return (
    payload && {
      sharedConnectionUuid: payload.sharedConnectionUuid,
      bandwidthGbps: (payload.connectionSizeMbps / 1000) as BandwidthGbps,
    }
  );
}

function requireActivationKey(activationKey: string): DecodedKey {
  const key = readKey(activationKey);
  if (!key) throw new Error("activationKey: not a valid activation key (base64 of the cloud's key JSON)");
  return key;
}

/** One timeout shared by the steps of an operation: returns the milliseconds left. */
function timeBudget(totalMs: number): () => number {
  const deadline = Date.now() + totalMs;
  return () => Math.max(0, deadline - Date.now());
}

/** What a read of the partner saw besides the connection; `previousLinks`: the links as last read (none on create). */
interface PartnerReading {
  specVersion: string;
  previousLinks?: readonly { name: string; health: LinkOutput["health"] }[];
}

function toOutputs(
  inputs: InterconnectInputs,
  connection: PartnerConnection,
  { specVersion, previousLinks }: PartnerReading,
): InterconnectState {
  return kit.stateOf(inputs, {
    connectionId: connection.id,
    sharedConnectionUuid: connection.sharedConnectionUuid,
    // As provisioned; the declared size, where this Interconnect owns it, is kept by stateOf (the next diff resizes).
    bandwidthGbps: connection.bandwidthGbps as BandwidthGbps,
    // `macsec` stays the declared mode: the partner API cannot switch it in place, so carrying a drifted mode into
    // state would make the next diff replace (tear down) the connection. Live MACsec shows per link and as a warning.
    state: connection.state,
    verificationState: connection.verificationState,
    interconnectName: connection.interconnectName,
    links: connection.links.map(linkOutput),
    linkHealthProblems: healthProblems(inputs.macsec, connection.links, previousLinks),
    partnerSpecVersion: specVersion,
  });
}

/** Only the link fields the output declares: key material, routes and structures stay out. */
const linkOutput = (link: Link): LinkOutput =>
  ({
    ...Object.fromEntries(Object.keys(LinkOutputSchema.shape).map((field) => [field, link[field as keyof Link]])),
    health: healthOutput(link.health),
  }) as unknown as LinkOutput;

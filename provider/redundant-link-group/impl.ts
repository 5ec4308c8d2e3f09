// RedundantLinkGroup's implementation: a physical-diversity policy over partner connections other resources own,
// evaluated by ../diversity and enforced (reconcile, fail or warn); nothing exists at the partner for the group itself.
import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { PartnerConnection } from "../../schema/customer";
import { isConflict } from "../clients/errors";
import type { PartnerClient } from "../clients/partner";
import { partnerClient } from "../clients/configured";
import { progress, warn } from "../progress";
import { isUnknown, withoutUndefined } from "../common/validation";
import { defineResource } from "../common/resource-kit";
import { sameValue } from "../common/diff";
import {
  RedundantLinkGroupInputsSchema,
  RedundantLinkGroupSchema,
  type RedundantLinkGroupInputs,
  type RedundantLinkGroupState,
} from "./schema";
import {
  applyCarrierRoutes,
  countOf,
  evaluatePolicy,
  planRelocations,
  validatePolicy,
  type Blocker,
  type GroupMember,
  type LinkSummary,
  type PolicyEvaluation,
  type PolicyFailure,
  type RelocationMove,
  type SiteHints,
} from "../diversity";
import { countedSince } from "../common/counters";
import { findConnections, waitConnectionAvailable } from "../common/partner-connection";

/** One deadline for all the relocations of a reconcile. */
const RECONCILE_TIMEOUT_MS = 30 * 60_000;

/** The policy is validated on its own (validatePolicy), so its failures name the policy field, not the schema path. */
const CheckedInputsSchema = RedundantLinkGroupInputsSchema.extend({ policy: z.unknown() });

// Every input changes in place (the schema's rules): the group is a policy, there is nothing to replace.
const kit = defineResource<RedundantLinkGroupInputs, RedundantLinkGroupState, typeof RedundantLinkGroupInputsSchema>({
  schema: RedundantLinkGroupSchema,
  checkSchema: CheckedInputsSchema,
  normalize: (inputs) => ({ ...inputs, policy: withPolicyDefaults(inputs.policy) }),
  // A policy stored before a field existed means that field's default: not a change.
  diffOptions: {
    sameValue: { policy: (before, after) => sameValue(withPolicyDefaults(before), withPolicyDefaults(after)) },
  },
  extraChecks: (_olds, inputs, news) => {
    const validation = validatePolicy(news.policy);
    return [...membershipFailures(inputs), ...(validation.ok ? [] : policyFailures(news.policy, validation.failures))];
  },
  drift: driftReasons,
  create,
  read,
  update,
  delete: deleteGroup,
});
export const provider = kit.provider;

// ---------------------------------------------------------------------------------------------------------------------
// Create

async function create(inputs: RedundantLinkGroupInputs): Promise<pulumi.dynamic.CreateResult<RedundantLinkGroupState>> {
  return { id: groupId(inputs.resourceUrn), outs: await enforce(inputs, []) };
}

/**
 * Evaluates the group and applies its enforcement; create and update do exactly this. `previousLinks`: the links as
 * the group last read them (none on create), to tell what changed since.
 */
async function enforce(
  inputs: RedundantLinkGroupInputs,
  previousLinks: readonly LinkSummary[],
): Promise<RedundantLinkGroupState> {
  const client = partnerClient();
  const subject = kit.subject(inputs);
  const observed = await observeGroup(client, inputs);
  const { evaluation } = observed;
  progress(subject, verdict(evaluation));
  if (evaluation.compliant) return toOutputs(inputs, evaluation, 0, previousLinks);
  switch (inputs.enforcement) {
    case "warn":
      reportBlockers(subject, evaluation.blockers);
      return toOutputs(inputs, evaluation, 0, previousLinks);
    case "fail":
      throw notCompliant(
        subject,
        `does not meet its diversity policy, and enforcement "fail" moves no links (set enforcement to "reconcile" ` +
          `to have the partner relocate links, or "warn" to accept the group as it is)`,
        evaluation.blockers,
      );
    case "reconcile":
      return reconcile(client, inputs, observed, previousLinks);
  }
}

/**
 * Makes every planned move, one at a time, each after the previous one has settled (the next move avoids its new
 * path). Moves are made even when the plan says something will remain (e.g. a single-entrance site): each is
 * make-before-break and brings the group closer, and the error then names only what the user must fix.
 */
async function reconcile(
  client: PartnerClient,
  inputs: RedundantLinkGroupInputs,
  before: GroupObservation,
  previousLinks: readonly LinkSummary[],
): Promise<RedundantLinkGroupState> {
  const subject = kit.subject(inputs);
  const { moves } = planRelocations(inputs.policy, before.members, siteHints(inputs));
  const deadline = Date.now() + RECONCILE_TIMEOUT_MS;
  for (const [done, move] of moves.entries()) {
    const { connectionId, linkName } = splitLinkRef(move.link);
    const ref = displayRef(before.evaluation, move.link);
    progress(subject, `relocating ${ref} (${done + 1} of ${moves.length}), ${moveGoal(move)}`);
    try {
      const { link: _link, ...request } = move;
      await client.relocateLink({ id: connectionId, link: linkName, ...request });
    } catch (e) {
      if (!isConflict(e)) throw e;
      const site = before.members.find((member) => member.connectionId === connectionId)?.site;
      throw new Error(
        `${subject}: the partner cannot relocate ${ref}: ${e.serverMessage} (${done} of ${moves.length} planned relocations made)` +
          entranceHint(move.distinct, site, inputs),
      );
    }
    await waitConnectionAvailable(client, connectionId, `${subject} (${ref})`, deadline - Date.now());
  }
  const after = moves.length > 0 ? (await observeGroup(client, inputs)).evaluation : before.evaluation;
  const relocated = countOf(moves.length, "relocation", "relocations");
  if (!after.compliant)
    throw notCompliant(subject, `does not meet its diversity policy after ${relocated}`, after.blockers);
  progress(subject, `compliant after ${relocated}`);
  return toOutputs(inputs, after, moves.length, previousLinks);
}

// ---------------------------------------------------------------------------------------------------------------------
// Read

async function read(
  id: string,
  props?: RedundantLinkGroupState,
): Promise<pulumi.dynamic.ReadResult<RedundantLinkGroupState>> {
  if (!props?.interconnects)
    throw new Error(`RedundantLinkGroup ${id}: import is not supported; declare the group in the program`);
  const inputs = kit.declaredInputsOf(props);
  const { evaluation } = await observeGroup(partnerClient(), inputs);
  if (!evaluation.compliant) reportBlockers(kit.subject(inputs), evaluation.blockers);
  // Inputs stay as declared; drift shows in the re-evaluated outputs, and the diff plans the update that acts on it.
  const outputs = toOutputs(inputs, evaluation, props.relocations, props.links ?? []);
  return { id, props: outputs, inputs: inputs as RedundantLinkGroupState };
}

// ---------------------------------------------------------------------------------------------------------------------
// Update

async function update(
  _id: string,
  olds: RedundantLinkGroupState,
  news: RedundantLinkGroupInputs,
): Promise<pulumi.dynamic.UpdateResult<RedundantLinkGroupState>> {
  return { outs: await enforce(news, olds.links ?? []) };
}

// ---------------------------------------------------------------------------------------------------------------------
// Delete

async function deleteGroup(): Promise<void> {
  // The connections belong to their Interconnect resources; the group has nothing at the partner to delete.
}

// ---------------------------------------------------------------------------------------------------------------------
// Diff: the drift the last read found

/**
 * A group found out of policy by its last read plans an update under "reconcile" (it relocates what moves can repair,
 * then fails naming the rest) and "fail" (it fails naming the blockers); under "warn" the read's warning is all.
 */
function driftReasons(olds: RedundantLinkGroupState, news: RedundantLinkGroupInputs): string[] {
  if (olds.compliant !== false || news.enforcement === "warn") return [];
  return (olds.blockers ?? []).map(
    (blocker) => `not compliant at the last read (${blocker.rule}): ${blocker.explanation}`,
  );
}

// ---------------------------------------------------------------------------------------------------------------------
// Check: the rules the schema cannot state

/** What the schema cannot say per element: a connection listed twice, names that do not pair with interconnects. */
function membershipFailures({ interconnects, names }: RedundantLinkGroupInputs): pulumi.dynamic.CheckFailure[] {
  if (!Array.isArray(interconnects)) return [];
  const known = interconnects.filter((id) => !isUnknown(id));
  const repeated = [...new Set(known.filter((id, index) => known.indexOf(id) !== index))];
  const failures = repeated.map((id) => ({
    property: "interconnects",
    reason: `interconnects: ${JSON.stringify(id)} is listed more than once; list each connection once`,
  }));
  if (Array.isArray(names) && names.length !== interconnects.length) {
    failures.push({
      property: "names",
      reason:
        `names: got ${countOf(names.length, "name", "names")} for ${countOf(interconnects.length, "interconnect", "interconnects")}; ` +
        `give one per interconnect, in the same order, or leave names out`,
    });
  }
  return failures;
}

/** Failures on policy fields the engine does not know yet (preview) are dropped: check runs again once they are. */
function policyFailures(policy: unknown, failures: readonly PolicyFailure[]): pulumi.dynamic.CheckFailure[] {
  const fieldValue = (property: string) =>
    property === "" ? policy : (policy as Record<string, unknown> | undefined)?.[property.split(/[.[]/)[0]];
  return failures
    .filter((failure) => !containsUnknown(fieldValue(failure.property)))
    .map(({ property, reason }) => ({ property: property === "" ? "policy" : `policy.${property}`, reason }));
}

const containsUnknown = (value: unknown): boolean =>
  isUnknown(value) || (typeof value === "object" && value !== null && Object.values(value).some(containsUnknown));

// ---------------------------------------------------------------------------------------------------------------------
// Observation helpers

interface GroupObservation {
  /** The members that still exist, in declaration order. */
  members: GroupMember[];
  /** Includes a blocker for each member that no longer exists. */
  evaluation: PolicyEvaluation;
}

async function observeGroup(client: PartnerClient, inputs: RedundantLinkGroupInputs): Promise<GroupObservation> {
  const connections = await findConnections(client, inputs.interconnects);
  const members: GroupMember[] = [];
  const missing: Blocker[] = [];
  inputs.interconnects.forEach((connectionId, index) => {
    const name = inputs.names?.[index] ?? connectionId;
    const connection = connections.get(connectionId);
    if (connection) members.push(toMember(name, connection));
    else missing.push(missingMemberBlocker(name, connectionId));
  });
  // Carrier routes replace the partner's; their problems (a link without one, wrong ends) block like missing members.
  const carrier = inputs.carrierRoutes ? applyCarrierRoutes(members, inputs.carrierRoutes) : undefined;
  const judged = carrier?.members ?? members;
  missing.push(...(carrier?.blockers ?? []));
  const evaluation = evaluatePolicy(inputs.policy, judged, siteHints(inputs));
  if (missing.length === 0) return { members: judged, evaluation };
  const blockers = [...missing, ...evaluation.blockers];
  const links = evaluation.links.map((summary) => ({
    ...summary,
    blockedBy: blockers.filter((b) => b.links.includes(summary.link)).map((b) => b.rule),
  }));
  return { members: judged, evaluation: { ...evaluation, compliant: false, blockers, links } };
}

/** "distinct conduit, routes ≥ 10 m apart, avoiding 3 structures". */
function moveGoal(move: RelocationMove): string {
  const goals = [
    ...(move.distinct.length > 0 ? [`distinct ${move.distinct.join(", ")}`] : []),
    ...(move.minSeparationMeters !== undefined ? [`route at least ${move.minSeparationMeters} m from the others`] : []),
    ...(move.avoidStructures?.length
      ? [`avoiding ${countOf(move.avoidStructures.length, "structure", "structures")}`]
      : []),
  ];
  return goals.join(", ");
}

function toMember(interconnect: string, connection: PartnerConnection): GroupMember {
  const { id, site, links, maintenance } = connection;
  return { interconnect, connectionId: id, site, links, maintenance };
}

/** A deleted member is a blocker, not a reason to drop the group: the redundancy it gave is gone. */
function missingMemberBlocker(name: string, connectionId: string): Blocker {
  const member = name === connectionId ? `connection ${connectionId}` : `${name} (connection ${connectionId})`;
  return {
    rule: "memberMissing",
    links: [],
    explanation:
      `${member} no longer exists at the partner, so none of its links protect the group; recreate it, or remove ` +
      `${connectionId} from interconnects`,
  };
}

const siteHints = (inputs: RedundantLinkGroupInputs): SiteHints => ({ siteEntrances: inputs.siteEntrances });

/**
 * The planner moves links for 'entrance' unless siteEntrances says the site has one entrance; when the partner then
 * finds no path, a single-entrance building is the likely cause, and the fix is to say so rather than to retry.
 */
function entranceHint(distinct: readonly string[], site: string | undefined, inputs: RedundantLinkGroupInputs): string {
  if (!distinct.includes("entrance") || site === undefined || inputs.siteEntrances?.[site] !== undefined) return "";
  return (
    `. If site ${site} has a single building entrance, no move can make its links entrance-diverse: declare it in ` +
    `siteEntrances (e.g. { "${site}": ["<entrance>"] }) and the group reports the remedy (order a second entrance), ` +
    `or drop 'entrance' from distinct`
  );
}

/** "connectionId/linkName", as the planner names links for the relocate API; link names carry no slash. */
function splitLinkRef(ref: string): { connectionId: string; linkName: string } {
  const slash = ref.lastIndexOf("/");
  return { connectionId: ref.slice(0, slash), linkName: ref.slice(slash + 1) };
}

/** The display reference ("hq-primary/ch2") of a planner link reference. */
function displayRef(evaluation: PolicyEvaluation, ref: string): string {
  return evaluation.links.find((summary) => `${summary.connectionId}/${summary.name}` === ref)?.link ?? ref;
}

// ---------------------------------------------------------------------------------------------------------------------
// Reporting and state helpers

/** Stable per resource, and free of anything the partner knows. */
const groupId = (resourceUrn: string) => `rlg-${createHash("sha256").update(resourceUrn).digest("hex").slice(0, 16)}`;

// subjectOf also remembers the URN, so the line is shown under this resource (../progress.ts).

function verdict(evaluation: PolicyEvaluation): string {
  if (evaluation.compliant) return `compliant (${countOf(evaluation.links.length, "link", "links")})`;
  return `not compliant: ${countOf(evaluation.blockers.length, "blocker", "blockers")}`;
}

function reportBlockers(subject: string, blockers: readonly Blocker[]): void {
  for (const blocker of blockers) warn(subject, blocker.explanation);
}

function notCompliant(subject: string, problem: string, blockers: readonly Blocker[]): Error {
  return new Error(`${subject} ${problem}:\n${blockers.map((blocker) => `  - ${blocker.explanation}`).join("\n")}`);
}

function toOutputs(
  inputs: RedundantLinkGroupInputs,
  evaluation: PolicyEvaluation,
  relocations: number,
  previousLinks: readonly LinkSummary[],
): RedundantLinkGroupState {
  const { compliant, blockers, survivesSingleFailure, links, maintenanceConflicts, worstCut } = evaluation;
  return kit.stateOf(inputs, {
    compliant,
    // State cannot hold undefined (a blocker without `shared`).
    blockers: blockers.map(withoutUndefined),
    survivesSingleFailure,
    links: withUnencryptedSinceLastRead(links, previousLinks),
    maintenanceConflicts,
    relocations,
    ...(worstCut ? { worstCut } : {}),
  });
}

/**
 * Each link's frames sent in the clear since the group's previous read of it: what the map marks, so a leak that was
 * stopped stops being marked. Since turn-up when the group has not read the link before.
 */
function withUnencryptedSinceLastRead(
  links: readonly LinkSummary[],
  previousLinks: readonly LinkSummary[],
): LinkSummary[] {
  // By connection and link name: display names change when members are renamed or share a name.
  const key = (link: LinkSummary) => `${link.connectionId}/${link.name}`;
  const before = new Map(previousLinks.map((l) => [key(l), l.health?.framesUnencrypted]));
  return links.map((link) => {
    if (!link.health) return link;
    const now = link.health.framesUnencrypted;
    const since = countedSince(now, before.get(key(link))) ?? now;
    return { ...link, health: { ...link.health, unencryptedSinceLastRead: since } };
  });
}

/** The policy with its defaults filled in, or as given when it is not valid (check reports that). */
function withPolicyDefaults<T>(policy: T): T {
  const validation = validatePolicy(policy);
  return validation.ok ? (validation.policy as T) : policy;
}

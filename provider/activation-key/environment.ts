// The environment an ActivationKey orders in: checked before CreateConnection so an unknown environment or a
// bandwidth it does not offer fails with the alternatives spelled out, not with AWS's bare validation message.
import { Environment, fromWireBandwidth, providerName, toWireBandwidth } from "../../schema/aws";
import { AwsApiError, isNotFound } from "../clients/errors";
import type { AwsInterconnectClient } from "../clients/aws";

/** Pages through ListEnvironments (nextToken), refusing a token that repeats. */
export async function listEnvironments(client: AwsInterconnectClient): Promise<Environment[]> {
  const all: Environment[] = [];
  const seen = new Set<string>();
  let nextToken: string | undefined;
  do {
    const page = await client.listEnvironments({ nextToken });
    all.push(...page.environments);
    nextToken = page.nextToken || undefined;
    if (nextToken !== undefined && seen.has(nextToken)) throw new Error("ListEnvironments: page token returned twice");
    if (nextToken !== undefined) seen.add(nextToken);
  } while (nextToken !== undefined);
  return all;
}

const tiers = (bandwidths: readonly string[] | undefined) =>
  (bandwidths ?? []).map((b) => fromWireBandwidth(b) ?? b).join(", ") || "none";

const summary = (e: Environment) => `${e.environmentId} (${e.location}, ${providerName(e.provider)}, ${e.state})`;

/** GetEnvironment, failing with the offered environments or tiers when the order cannot fit. */
export async function findEnvironment(client: AwsInterconnectClient, id: string, gbps: number): Promise<Environment> {
  let environment: Environment;
  try {
    environment = (await client.getEnvironment({ id })).environment;
  } catch (e) {
    if (!isNotFound(e)) throw e;
    const offered = await listEnvironments(client);
    throw new Error(
      `environmentId: AWS Interconnect has no environment "${id}" in region ${client.region}; ` +
        (offered.length ? `the environments it offers: ${offered.map(summary).join("; ")}` : "it offers none there"),
    );
  }
  const { supported, available } = environment.bandwidths;
  if (supported && !supported.includes(toWireBandwidth(gbps))) {
    throw new Error(
      `bandwidthGbps: environment ${id} does not offer ${gbps} Gbps; supported: ${tiers(supported)} Gbps ` +
        `(available now: ${tiers(available)} Gbps)`,
    );
  }
  return environment;
}

/** CreateConnection refused: say which tiers the environment has room for, when that is the likely reason. */
export function explainCreateRefusal(e: unknown, environment: Environment, gbps: number): unknown {
  const available = environment.bandwidths.available;
  if (!(e instanceof AwsApiError) || e.status !== 400 || !available || available.includes(toWireBandwidth(gbps))) {
    return e;
  }
  return new Error(
    `${e.message}; ${gbps} Gbps is not available in environment ${environment.environmentId} now: ` +
      `available: ${tiers(available)} Gbps`,
  );
}

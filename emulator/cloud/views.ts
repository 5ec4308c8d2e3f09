// The AWS Interconnect API's views of a cloud connection and an environment (beside ./backend.ts).
import {
  BANDWIDTH_TIERS_GBPS,
  toWireBandwidth,
  type Connection,
  type ConnectionState,
  type ConnectionSummary,
  type Environment,
} from "../../schema/aws";
import { ROLES } from "../identities";
import type { EnvironmentSpec } from "../world/catalog";
import type { CloudConnectionRecord } from "../state/store";

/** The last mile provider's name as the AWS API shows it (≤ 32 characters). */
export const LAST_MILE_PROVIDER_NAME = ROLES.partner.displayName;

export function summaryView(c: CloudConnectionRecord, env: EnvironmentSpec, state: ConnectionState): ConnectionSummary {
  const tier = (BANDWIDTH_TIERS_GBPS as readonly number[]).indexOf(c.bandwidthGbps);
  return {
    id: c.id,
    arn: c.arn,
    description: c.description ?? `Last mile connection ${c.id}`,
    bandwidth: toWireBandwidth(c.bandwidthGbps),
    attachPoint: c.attachPoint,
    environmentId: c.environment,
    provider: { lastMileProvider: LAST_MILE_PROVIDER_NAME },
    location: env.partnerMetroDisplay,
    type: "LastMile",
    state,
    sharedId: c.sharedConnectionUuid,
    ...(tier >= 0 ? { billingTier: tier } : {}),
  };
}

export function awsView(summary: ConnectionSummary, c: CloudConnectionRecord): Connection {
  return {
    ...summary,
    ownerAccount: c.ownerAccountId,
    activationKey: c.activationKey,
    ...(Object.keys(c.tags).length > 0 ? { tags: { ...c.tags } } : {}),
  };
}

/** available: the tiers that fit on at least one interconnect of the environment right now. */
export function awsEnvironmentView(
  env: EnvironmentSpec,
  available: number[],
  activationPageUrl: string | undefined,
): Environment {
  const supported = env.supportedBandwidthsGbps;
  return {
    provider: { lastMileProvider: LAST_MILE_PROVIDER_NAME },
    location: env.partnerMetroDisplay,
    environmentId: env.id,
    state: available.length === supported.length ? "available" : available.length > 0 ? "limited" : "unavailable",
    bandwidths: { available: available.map(toWireBandwidth), supported: supported.map(toWireBandwidth) },
    type: "LastMile",
    ...(activationPageUrl ? { activationPageUrl } : {}),
    remoteIdentifierType: "account",
  };
}

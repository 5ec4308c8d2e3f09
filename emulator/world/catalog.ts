// The catalog's types: environments, interconnects, channels and sites as the inventory builds them (./inventory.ts),
// and a link's physical path (LinkPath, persisted in ../state/records.ts). Beneath both ./inventory.ts and
// ./geography.ts, so neither imports the other for its types.
import { z } from "zod";
import type { DiversityDimension } from "../../schema/customer";
import type { RoleName } from "../identities";

export interface ChannelSpec {
  id: string; // "ch1"
  device: string; // obfuscated device id
  facility: string;
  /** Fiber conduits the channel's cross-connect can run through: [primary, alternate]. */
  conduits: [string, string];
  demarc: string;
  macsecManager: RoleName;
}

export interface InterconnectSpec {
  id: string; // "ic-1"
  environment: string;
  maxBandwidthMbps: number;
  channelMemberSizeGbps: number;
  membersPerChannel: number;
  /** Cloud-side capacity already sold through other ports; the partner's bookkeeping does not see it. */
  cloudReservedMbps: number;
  channels: ChannelSpec[];
}

export interface EnvironmentSpec {
  id: string; // "us-east-1:nyc"
  cloudRegion: string;
  cloudRegionDisplay: string;
  partnerMetro: string;
  partnerMetroDisplay: string;
  supportedBandwidthsGbps: number[];
  interconnects: InterconnectSpec[];
}

export interface SiteSpec {
  id: string;
  metro: string;
  entrances: string[];
}

/** A link's physical path: the four elements diversity is judged on (typed so that each dimension is one field). */
export type LinkPath = Record<DiversityDimension, string>;
export const LinkPathSchema: z.ZodType<LinkPath> = z.object({
  device: z.string(),
  entrance: z.string(),
  facility: z.string(),
  conduit: z.string(),
});

// What a spec family (MACsec keys, maintenance, ...) needs of the side that holds it: the cloud's or the partner's
// Connection Coordinator side (./role-core.ts implements it). Families are composed objects, never layers of a class.
import type { RoleName } from "../defaults";
import type { ChannelSpec, Inventory, InterconnectSpec } from "../world/inventory";
import type { RoleState, Store } from "../state/store";
import type { PeerClient } from "./peer-client";

/**
 * The partner side of a connection as the cloud learns it (by sharedConnectionUuid): the state of the partner's newest
 * record of it, its size, and whether every link is down. The partner reports it; the cloud reads it through its
 * PartnerSignals port (../cloud/backend.ts), which ../server.ts wires.
 */
export interface PartnerSignal {
  state: string;
  bandwidthGbps: number;
  allLinksDown: boolean;
}

export interface SpecSide {
  readonly name: RoleName;
  readonly peerRole: RoleName;
  /** Our provider id, and the peer's. */
  readonly id: string;
  readonly peerId: string;
  readonly state: RoleState;
  readonly store: Store;
  readonly inventory: Inventory;
  readonly peer: PeerClient;
  now(): number;
  icName(env: string, ic: string): string;
  chName(env: string, ic: string, ch: string): string;
  toPeerName(name: string): string;
  shortId(name: string): string;
  /** The interconnect and the channel a spec request's path names (404 when there is none). */
  icOf(params: Record<string, string>): InterconnectSpec;
  channelOf(params: Record<string, string>): ChannelSpec;
}

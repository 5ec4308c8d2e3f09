// What a role's spec families are given (SideContext): its records, its rules, its peer and its MACsec keyring. The
// rules are the one part the cloud and the partner implement differently (../cloud/rules.ts, ../partner/rules.ts).
import type { ActivationKeyPayload } from "../../schema/aws";
import type { SpecRequest } from "../../schema/spec";
import type { EnvironmentSpec, InterconnectSpec } from "../world/catalog";
import type { FeatureRecord, SpecConnectionRecord } from "../state/store";
import type { MacsecKeyring } from "./macsec-keyring";
import type { PeerClient } from "./peer-client";
import type { Lenient } from "./request";
import type { RecordDeps, SpecRecords } from "./spec-records";

/** What a role's backend is built from. */
export interface SideDeps extends RecordDeps {
  peer: PeerClient;
}

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

/** A key this side issued, as a peer's ConfirmActivationKey finds it (SideRules.issuedKey). */
export interface IssuedKey {
  /** The Idempotency-Key of the confirm that used it, if any. */
  confirmedBy?: string;
  /** Confirmed already, or otherwise spent (a connection exists, or existed, for it). */
  used: boolean;
  expiresAt: number;
  /** Records the confirm. */
  confirm(at: number, by: string | undefined): void;
}

/** What the cloud and the partner decide differently about the spec's shared records. */
export interface SideRules {
  /** The key this role issued that a peer confirms, checked to be exactly that key (ConfirmActivationKey). */
  issuedKey(env: EnvironmentSpec, key: ActivationKeyPayload, encoded: string): IssuedKey;
  /** Validates a peer's CreateConnection proposal (beyond capacity), and links it to the customer's intent. */
  admitConnection(
    env: EnvironmentSpec,
    ic: InterconnectSpec,
    uuid: string,
    body: Lenient<SpecRequest<"CreateConnection">>,
  ): void;
  /** Validates a peer's UpdateConnection (e.g. 409 while a customer update is in flight) and records its effect. */
  admitUpdate(conn: SpecConnectionRecord, bandwidthMbps: number): void;
  /** Called after the peer's DeleteConnection removed a connection. */
  onPeerDeleted(conn: SpecConnectionRecord): void;
  /** False keeps the feature pending (an injected provisioning failure). */
  beforeFinalize(feature: FeatureRecord): boolean;
  /**
   * The role's own background work, after the spec's (the partner's reconcilers, the cloud's retried deletes); true
   * when it did any.
   */
  tick(): Promise<boolean>;
}

/** A role's collaborators, given to the families in their constructors. */
export interface SideContext {
  readonly records: SpecRecords;
  readonly rules: SideRules;
  readonly peer: PeerClient;
  readonly keyring: MacsecKeyring;
}

// The MACsec keys a role installs on its channels: the spec's rotation rules (one manager per channel, 2 keys per
// channel, N+1 per interconnect, one rotating channel at a time, 2-hour bake) and the manager's rotation at the peer.
import { randomBytes } from "node:crypto";
import type { RoleName } from "../identities";
import { conflict, notFound } from "../http/errors";
import type { ChannelSpec, InterconnectSpec } from "../world/catalog";
import { own, type MacSecKeyRecord } from "../state/store";
import { iso, providerIdOf, randomId } from "./format";
import type { PeerClient } from "./peer-client";
import type { SpecRecords } from "./spec-records";

/** After a MACsec rotation no other rotation may start on the interconnect for this long. */
const MACSEC_BAKE_MS = 2 * 3600 * 1000;

export class MacsecKeyring {
  constructor(
    private readonly records: SpecRecords,
    private readonly peer: PeerClient,
  ) {}

  /**
   * The spec's rotation rules, checked before a key is added to a channel: only the channel's macsecManagerProvider
   * adds keys; at most 2 keys per channel and N+1 per interconnect; one channel of an interconnect rotates at a time;
   * after a rotation (or a channel's first key) a 2-hour bake applies. A channel's first key may be installed in
   * parallel with other channels' first keys.
   */
  private checkKeyCreation(
    env: string,
    ic: InterconnectSpec,
    ch: ChannelSpec,
    creator: RoleName,
  ): "initial" | "rotation" {
    const records = this.records;
    if (ch.macsecManager !== creator) {
      throw conflict(
        `MACsec keys of ${ch.id} are managed by providers/${providerIdOf(ch.macsecManager)}; only that provider may create them`,
      );
    }
    const onChannel = records.macsecKeysOn(records.chName(env, ic.id, ch.id));
    if (onChannel.length >= 2)
      throw conflict(`${ch.id} already holds 2 MACsec keys (a rotation is in progress); delete the inactive key first`);
    if (onChannel.length === 0) return "initial";
    const keysOf = (c: ChannelSpec) => records.macsecKeysOn(records.chName(env, ic.id, c.id));
    const rotating = ic.channels.find((c) => c.id !== ch.id && keysOf(c).length >= 2);
    if (rotating)
      throw conflict(
        `${rotating.id} of ${ic.id} is rotating its MACsec key; only one channel of an interconnect may rotate at a time`,
      );
    const icKeys = ic.channels.flatMap(keysOf);
    if (icKeys.length >= ic.channels.length + 1)
      throw conflict(`${ic.id} already holds ${icKeys.length} MACsec keys (limit: channels + 1)`);
    const bakeStart = Math.max(
      own(records.state.lastRotationAt, records.icName(env, ic.id)) ?? 0,
      onChannel[onChannel.length - 1].startTime,
    );
    if (records.now() - bakeStart < MACSEC_BAKE_MS) {
      throw conflict(
        `MACsec bake time: no rotation on ${ic.id} until ${iso(bakeStart + MACSEC_BAKE_MS)} (2 hours after the last key change)`,
      );
    }
    return "rotation";
  }

  /** Installs a key `creator` made on one of our channels; the older keys become inactive. */
  addKey(
    env: string,
    ic: InterconnectSpec,
    ch: ChannelSpec,
    creator: RoleName,
    key: { id: string; cak: string; ckn: string },
  ): MacSecKeyRecord {
    const records = this.records;
    const kind = this.checkKeyCreation(env, ic, ch, creator);
    const chName = records.chName(env, ic.id, ch.id);
    const name = `${chName}/macSecKeys/${key.id}`;
    if (own(records.state.macsecKeys, name))
      throw conflict(`MACsec key ${key.id} already exists on ${ch.id}`, "ALREADY_EXISTS");
    // The router adopts the new key at once; the older keys become inactive so the manager can delete them.
    for (const k of records.macsecKeysOn(chName)) k.active = false;
    const record: MacSecKeyRecord = {
      name,
      channel: chName,
      cak: key.cak,
      ckn: key.ckn,
      startTime: records.now(),
      active: true,
    };
    records.state.macsecKeys[name] = record;
    if (kind === "rotation") records.state.lastRotationAt[records.icName(env, ic.id)] = records.now();
    return record;
  }

  /** As the channel's MACsec manager: install a new key locally, then hand it to the peer (CreateMacSecKey). */
  async rotateKeyAsManager(env: string, icId: string, chId: string): Promise<MacSecKeyRecord> {
    const records = this.records;
    const ic = records.inventory.interconnect(env, icId);
    const ch = ic?.channels.find((c) => c.id === chId);
    if (!ic || !ch) throw notFound(`channel ${env}/${icId}/${chId} does not exist`);
    const key = this.addKey(env, ic, ch, records.name, {
      id: randomId("mk"),
      cak: randomBytes(32).toString("hex"),
      ckn: randomBytes(32).toString("hex"),
    });
    try {
      await this.peer.send(
        "CreateMacSecKey",
        { environment: env, interconnect: icId, channel: chId },
        {
          query: { macSecKeyId: records.shortId(key.name) },
          body: { name: records.toPeerName(key.name), cak: key.cak, ckn: key.ckn },
        },
      );
    } catch (err) {
      // Fail closed: a key the peer refused must not stay installed on our side.
      delete records.state.macsecKeys[key.name];
      const previous = records.macsecKeysOn(key.channel).pop();
      if (previous) previous.active = true;
      throw err;
    }
    return key;
  }
}

// The MACsec family of the spec, composed into each side (./side.ts): the rotation rules (one manager per channel, 2 keys per channel, N+1 per
// interconnect, one rotating channel at a time, 2-hour bake), key installation and the key operations.
import { randomBytes } from "node:crypto";
import { MACSEC_BAKE_MS, type RoleName } from "../defaults";
import { conflict, invalidArgument, notFound, permissionDenied } from "../http/errors";
import type { ChannelSpec, InterconnectSpec } from "../world/inventory";
import { iso, page, providerIdOf, randomId } from "./format";
import type { CoordinatorSide } from "./side";
import type { SpecHandlers } from "./request";
import { own, type MacSecKeyRecord } from "../state/store";

export class MacsecFamily {
  constructor(private readonly side: CoordinatorSide) {}

  keysOn(chName: string): MacSecKeyRecord[] {
    return Object.values(this.side.state.macsecKeys)
      .filter((k) => k.channel === chName)
      .sort((a, b) => a.startTime - b.startTime);
  }

  activeKey(chName: string): MacSecKeyRecord | undefined {
    return this.keysOn(chName).find((k) => k.active);
  }

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
    if (ch.macsecManager !== creator) {
      throw conflict(
        `MACsec keys of ${ch.id} are managed by providers/${providerIdOf(ch.macsecManager)}; only that provider may create them`,
      );
    }
    const chName = this.side.chName(env, ic.id, ch.id);
    const onChannel = this.keysOn(chName);
    if (onChannel.length >= 2)
      throw conflict(`${ch.id} already holds 2 MACsec keys (a rotation is in progress); delete the inactive key first`);
    if (onChannel.length === 0) return "initial";
    const rotating = ic.channels.find(
      (c) => c.id !== ch.id && this.keysOn(this.side.chName(env, ic.id, c.id)).length >= 2,
    );
    if (rotating)
      throw conflict(
        `${rotating.id} of ${ic.id} is rotating its MACsec key; only one channel of an interconnect may rotate at a time`,
      );
    const icKeys = ic.channels.flatMap((c) => this.keysOn(this.side.chName(env, ic.id, c.id)));
    if (icKeys.length >= ic.channels.length + 1)
      throw conflict(`${ic.id} already holds ${icKeys.length} MACsec keys (limit: channels + 1)`);
    const now = this.side.now();
    const bakeStart = Math.max(
      own(this.side.state.lastRotationAt, this.side.icName(env, ic.id)) ?? 0,
      onChannel[onChannel.length - 1].startTime,
    );
    if (now - bakeStart < MACSEC_BAKE_MS) {
      throw conflict(
        `MACsec bake time: no rotation on ${ic.id} until ${iso(bakeStart + MACSEC_BAKE_MS)} (2 hours after the last key change)`,
      );
    }
    return "rotation";
  }

  private addKey(
    env: string,
    ic: InterconnectSpec,
    ch: ChannelSpec,
    creator: RoleName,
    keyId: string,
    cak: string,
    ckn: string,
  ): MacSecKeyRecord {
    const kind = this.checkKeyCreation(env, ic, ch, creator);
    const chName = this.side.chName(env, ic.id, ch.id);
    const name = `${chName}/macSecKeys/${keyId}`;
    if (own(this.side.state.macsecKeys, name))
      throw conflict(`MACsec key ${keyId} already exists on ${ch.id}`, "ALREADY_EXISTS");
    // The router adopts the new key at once; the older keys become inactive so the manager can delete them.
    for (const k of this.keysOn(chName)) k.active = false;
    const key: MacSecKeyRecord = { name, channel: chName, cak, ckn, startTime: this.side.now(), active: true };
    this.side.state.macsecKeys[name] = key;
    if (kind === "rotation") this.side.state.lastRotationAt[this.side.icName(env, ic.id)] = this.side.now();
    return key;
  }

  /** As the channel's MACsec manager: install a new key locally, then hand it to the peer (CreateMacSecKey). */
  async rotateKeyAsManager(env: string, icId: string, chId: string): Promise<MacSecKeyRecord> {
    const ic = this.side.inventory.interconnect(env, icId);
    const ch = ic?.channels.find((c) => c.id === chId);
    if (!ic || !ch) throw notFound(`channel ${env}/${icId}/${chId} does not exist`);
    const key = this.addKey(
      env,
      ic,
      ch,
      this.side.name,
      randomId("mk"),
      randomBytes(32).toString("hex"),
      randomBytes(32).toString("hex"),
    );
    try {
      await this.side.peer.send(
        "CreateMacSecKey",
        { environment: env, interconnect: icId, channel: chId },
        {
          query: { macSecKeyId: this.side.shortId(key.name) },
          body: { name: this.side.toPeerName(key.name), cak: key.cak, ckn: key.ckn },
        },
      );
    } catch (err) {
      // Fail closed: a key the peer refused must not stay installed on our side.
      delete this.side.state.macsecKeys[key.name];
      const previous = this.keysOn(key.channel).pop();
      if (previous) previous.active = true;
      throw err;
    }
    return key;
  }

  private keyView = (k: MacSecKeyRecord) => ({
    name: k.name,
    cak: k.cak,
    ckn: k.ckn,
    startTime: iso(k.startTime),
    active: k.active,
  });

  handlers() {
    return {
      RequestMacSecKeyRotation: async ({ params }) => {
        const ch = this.side.channelOf(params);
        if (ch.macsecManager !== this.side.name) {
          throw conflict(
            `MACsec keys of ${ch.id} are managed by providers/${this.side.peerId} (you); rotate them yourself`,
          );
        }
        await this.rotateKeyAsManager(params.environment, params.interconnect, ch.id);
        return {};
      },
      ListMacSecKeys: ({ params, query }) => {
        const { chName } = this.side.channelAt(params);
        return page("macSecKeys", this.keysOn(chName).map(this.keyView), query);
      },
      CreateMacSecKey: ({ params, query, body }) => {
        const ic = this.side.icOf(params);
        const ch = this.side.channelOf(params);
        if (!query.macSecKeyId) throw invalidArgument("macSecKeyId is required");
        const { cak, ckn } = body;
        if (!cak || !ckn) throw invalidArgument("cak and ckn are required");
        return this.keyView(this.addKey(params.environment, ic, ch, this.side.peerRole, query.macSecKeyId, cak, ckn));
      },
      GetMacSecKey: ({ params }) => {
        const { ch, chName } = this.side.channelAt(params);
        const key = own(this.side.state.macsecKeys, `${chName}/macSecKeys/${params.macSecKey}`);
        if (!key) throw notFound(`MACsec key ${params.macSecKey} does not exist on ${ch.id}`);
        return this.keyView(key);
      },
      DeleteMacSecKey: ({ params }) => {
        const { ch, chName } = this.side.channelAt(params);
        if (ch.macsecManager !== this.side.peerRole)
          throw permissionDenied(
            `MACsec keys of ${ch.id} are managed by providers/${this.side.id}; you may not delete them`,
          );
        const name = `${chName}/macSecKeys/${params.macSecKey}`;
        const key = own(this.side.state.macsecKeys, name);
        if (!key) throw notFound(`MACsec key ${params.macSecKey} does not exist on ${ch.id}`);
        if (key.active)
          throw conflict(
            `MACsec key ${params.macSecKey} is active on ${ch.id}; only inactive keys can be deleted`,
            "FAILED_PRECONDITION",
          );
        delete this.side.state.macsecKeys[name];
        return {};
      },
    } satisfies Partial<SpecHandlers>;
  }
}

// The MACsec family of the spec: the key operations a peer calls on our channels (rotation request, list, create,
// read, delete). The keys and their rotation rules are the keyring's (./macsec-keyring.ts).
import { conflict, invalidArgument, notFound, permissionDenied } from "../http/errors";
import { own, type MacSecKeyRecord } from "../state/store";
import { iso, page } from "./format";
import type { SideContext } from "./context";
import type { SpecHandlers } from "./request";

export class MacsecFamily {
  constructor(private readonly ctx: Pick<SideContext, "records" | "keyring">) {}

  private keyView = (k: MacSecKeyRecord) => ({
    name: k.name,
    cak: k.cak,
    ckn: k.ckn,
    startTime: iso(k.startTime),
    active: k.active,
  });

  handlers() {
    const { records, keyring } = this.ctx;
    return {
      RequestMacSecKeyRotation: async ({ params }) => {
        const ch = records.channelOf(params);
        if (ch.macsecManager !== records.name) {
          throw conflict(
            `MACsec keys of ${ch.id} are managed by providers/${records.peerId} (you); rotate them yourself`,
          );
        }
        await keyring.rotateKeyAsManager(params.environment, params.interconnect, ch.id);
        return {};
      },
      ListMacSecKeys: ({ params, query }) => {
        const { chName } = records.channelAt(params);
        return page("macSecKeys", records.macsecKeysOn(chName).map(this.keyView), query);
      },
      CreateMacSecKey: ({ params, query, body }) => {
        const ic = records.icOf(params);
        const ch = records.channelOf(params);
        if (!query.macSecKeyId) throw invalidArgument("macSecKeyId is required");
        const { cak, ckn } = body;
        if (!cak || !ckn) throw invalidArgument("cak and ckn are required");
        return this.keyView(
          keyring.addKey(params.environment, ic, ch, records.peerRole, { id: query.macSecKeyId, cak, ckn }),
        );
      },
      GetMacSecKey: ({ params }) => {
        const { ch, chName } = records.channelAt(params);
        const key = own(records.state.macsecKeys, `${chName}/macSecKeys/${params.macSecKey}`);
        if (!key) throw notFound(`MACsec key ${params.macSecKey} does not exist on ${ch.id}`);
        return this.keyView(key);
      },
      DeleteMacSecKey: ({ params }) => {
        const { ch, chName } = records.channelAt(params);
        if (ch.macsecManager !== records.peerRole)
          throw permissionDenied(
            `MACsec keys of ${ch.id} are managed by providers/${records.id}; you may not delete them`,
          );
        const name = `${chName}/macSecKeys/${params.macSecKey}`;
        const key = own(records.state.macsecKeys, name);
        if (!key) throw notFound(`MACsec key ${params.macSecKey} does not exist on ${ch.id}`);
        if (key.active)
          throw conflict(
            `MACsec key ${params.macSecKey} is active on ${ch.id}; only inactive keys can be deleted`,
            "FAILED_PRECONDITION",
          );
        delete records.state.macsecKeys[name];
        return {};
      },
    } satisfies Partial<SpecHandlers>;
  }
}

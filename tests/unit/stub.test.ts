import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { providerStub } from "../../provider/stub";

// Measured: ~2.1 KB per resource. The closure serializer wraps every function in a ~175-byte scaffold, so seven
// forwarders + one loader cannot get under 1 KB; this bound catches anything that starts capturing real code.
const MAX_SERIALIZED_BYTES = 2300;

describe("provider stub", () => {
  for (const resourceDir of ["activation-key", "interconnect"]) {
    it(`serializes ${resourceDir} to a small text that only names the implementation module`, async () => {
      const stub = providerStub(resourceDir);
      const { text } = await pulumi.runtime.serializeFunction(() => stub, { allowSecrets: true });
      expect(Buffer.byteLength(text)).to.be.at.most(MAX_SERIALIZED_BYTES);
      expect(text).to.contain(`pulumi-interconnect/dist/provider/${resourceDir}/impl`);
      for (const captured of ["axios", "zod", "CloudClient", "PartnerClient", "Bearer", "dev-cloud-token", "INTERCONNECT_", "safeParse"]) {
        expect(text, captured).not.to.contain(captured);
      }
      for (const method of ["configure", "check", "diff", "create", "read", "update", "delete"]) {
        expect(text).to.contain(`${method}: `);
      }
    });
  }
});

// Issue 20: the emulator as a stand-in for any AWS Interconnect client. botocore (the AWS SDK for Python, with the
// service's own model; this project did not write it) runs the whole lifecycle over each wire protocol the model
// declares: smithy-rpc-v2-cbor (botocore's default for this service, as the Go SDK's) and awsJson1_0. Every request
// and answer the emulator saw is validated against the Smithy model in ../shared/aws-model/.
import { expect } from "chai";
import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";
import { startEmulator, type CloudExchange, type RunningEmulator } from "../../emulator/server";
import { exchangeIssues, loadInterconnectModel } from "../support/smithy-model";

const SCRIPT = path.join(__dirname, "clients", "botocore_lifecycle.py");
const model = loadInterconnectModel();

for (const protocol of ["cbor", "json"] as const) {
  describe(`emulator: botocore's full lifecycle over ${protocol === "cbor" ? "rpcv2Cbor" : "awsJson1_0"}`, function () {
    this.timeout(120_000);
    const exchanges: CloudExchange[] = [];
    let emulator: RunningEmulator;
    let seen: Record<string, any>;

    before(async () => {
      emulator = await startEmulator({ port: 0, provisioningDelayMs: 200, onCloudExchange: (e) => exchanges.push(e) });
      // Asynchronously: the emulator answers from this very process.
      const { stdout } = await promisify(execFile)("python3", [SCRIPT, protocol], {
        encoding: "utf8",
        env: {
          ...process.env,
          INTERCONNECT_CLOUD_URL: emulator.cloudUrl,
          INTERCONNECT_ADMIN_URL: `${emulator.url}/_admin`,
          AWS_REGION: emulator.region,
          AWS_ACCESS_KEY_ID: emulator.credentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: emulator.credentials.secretAccessKey,
        },
      });
      seen = JSON.parse(stdout) as Record<string, any>;
    });
    after(async () => emulator?.stop());

    it("speaks the protocol asked for, on the route the protocol names", () => {
      expect(seen.contentType).to.match(protocol === "cbor" ? /^application\/cbor/ : /^application\/x-amz-json-1\.0/);
      const protocols = new Set(exchanges.map((e) => e.protocol));
      expect([...protocols]).to.deep.equal([protocol === "cbor" ? "rpcv2Cbor" : "awsJson1_0"]);
    });

    it("lists (paged) and gets environments and attach points", () => {
      expect(seen.environments).to.deep.equal(["us-east-1:nyc", "us-west-2:sjc"]);
      expect(seen.environment).to.equal("us-east-1:nyc");
      expect(seen.attachPoints).to.include("5f0e5c1a-7d0e-4c6b-9a57-0c3d2b1a4e01");
    });

    it("creates idempotently: the same token and input answer the same connection, other input is a 400", () => {
      expect(seen.created).to.deep.equal({ state: "requested", bandwidth: "10Gbps", repeat: true });
      expect(seen.tokenMismatch).to.deep.equal({ code: "InterconnectValidationException", status: 400 });
    });

    it("gets, pages through connections one at a time, tags and untags", () => {
      expect(seen.get).to.equal(true);
      expect(seen.listed).to.deep.equal({ pages: 2, ids: seen.expectedIds });
      expect(seen.tags).to.deep.equal({ team: "network" });
    });

    it("describes a partner's proposal", () => {
      expect(seen.proposal).to.deep.equal({ bandwidth: "5Gbps", environmentId: "us-east-1:nyc" });
    });

    it("the ConnectionAvailable waiter ends once the key is applied on the portal; a resize goes updating to 25Gbps", () => {
      expect(seen.available).to.equal("available");
      expect(seen.resize).to.deep.equal({ answer: "updating", bandwidth: "25Gbps", state: "available" });
    });

    it("deletes, with the ConnectionDeleted waiter", () => {
      expect(seen.deleted).to.equal("deleted");
    });

    it("answers the modeled exceptions the client parses by name", () => {
      expect(seen.errors).to.deep.equal({
        notFound: { code: "ResourceNotFoundException", status: 404 },
        validation: { code: "InterconnectValidationException", status: 400 },
        unknownEnvironment: { code: "ResourceNotFoundException", status: 404 },
      });
    });

    it("every request and answer of the run fits the Smithy model", () => {
      expect(exchanges.length).to.be.greaterThan(20);
      expect(exchanges.flatMap((e) => exchangeIssues(model, e))).to.deep.equal([]);
    });
  });
}

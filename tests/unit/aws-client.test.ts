// The AWS Interconnect client: awsJson1_0 wire format, SigV4 signing, retries, typed errors, credential and region
// resolution. All HTTP goes to nock; the credential chain tests point every file at a nonexistent path and disable
// instance metadata, so nothing leaves the process.
import * as os from "node:os";
import * as path from "node:path";
import { createHash } from "node:crypto";
import { expect } from "chai";
import nock from "nock";
import { SignatureV4 } from "@smithy/signature-v4";
import { HttpRequest } from "@smithy/protocol-http";
import { Sha256 } from "@aws-crypto/sha256-js";
import { AwsApiError, isNotFound } from "../../provider/clients/errors";
import { AwsCredentialsError, AwsInterconnectClient, awsEndpoint } from "../../provider/clients/aws";
import { ResponseValidationError } from "../../provider/clients/partner";
import { awsClient } from "../../provider/clients/configured";
import { configureFromStack, readSettings, requireRegion, setConnectionSettings } from "../../provider/settings";
import { findLive } from "../../provider/common/lifecycle";
import { AWS_OPERATION_NAMES } from "../../schema/aws";
import {
  AWS,
  AWS_CREDENTIALS,
  DX_GATEWAY,
  ENVIRONMENT_ID,
  REGION,
  aws,
  awsConnection,
  awsEnvironment,
  awsError,
  rejection,
  useTestSettings,
} from "../support/fixtures";

const fastRetry = { retries: 4, minDelayMs: 5, maxDelayMs: 3000, maxElapsedMs: 5000 };
const client = (extra: Partial<ConstructorParameters<typeof AwsInterconnectClient>[0]> = {}) =>
  new AwsInterconnectClient({
    region: REGION,
    endpoint: AWS,
    credentials: AWS_CREDENTIALS,
    retry: fastRetry,
    ...extra,
  });

/** Runs `body` with AWS_* variables cleared and the given ones set, restoring the environment afterwards. */
async function withEnv<T>(vars: Record<string, string>, body: () => Promise<T>): Promise<T> {
  const saved = { ...process.env };
  for (const key of Object.keys(process.env)) if (key.startsWith("AWS_")) delete process.env[key];
  Object.assign(process.env, vars);
  try {
    return await body();
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}

const nowhere = (name: string) => path.join(os.tmpdir(), `interconnect-no-such-${process.pid}-${name}`);
const NO_CREDENTIALS_ENV = {
  AWS_EC2_METADATA_DISABLED: "true",
  AWS_SHARED_CREDENTIALS_FILE: nowhere("credentials"),
  AWS_CONFIG_FILE: nowhere("config"),
};

describe("AWS Interconnect client", () => {
  useTestSettings();

  it("has one method per operation of the contract", () => {
    const c = client() as unknown as Record<string, unknown>;
    for (const op of AWS_OPERATION_NAMES) expect(c[op[0].toLowerCase() + op.slice(1)], op).to.be.a("function");
  });

  it("POSTs awsJson1_0 to the endpoint path + '/', signed for interconnect in the region", async () => {
    let headers: Record<string, string> = {};
    aws("GetConnection", { identifier: "lmcc-abcd1234" }).reply(function () {
      headers = this.req.headers;
      return [200, { connection: awsConnection() }];
    });
    const { connection } = await client().getConnection({ identifier: "lmcc-abcd1234" });
    expect(connection!.id).to.equal("lmcc-abcd1234");
    expect(headers["content-type"]).to.equal("application/x-amz-json-1.0");
    expect(headers["x-amz-target"]).to.equal("Interconnect.GetConnection");
    expect(headers.authorization).to.match(
      new RegExp(
        `^AWS4-HMAC-SHA256 Credential=${AWS_CREDENTIALS.accessKeyId}/\\d{8}/us-east-1/interconnect/aws4_request, `,
      ),
    );
    expect(headers.authorization).to.match(
      /SignedHeaders=[^,]*content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target/,
    );
    const body = JSON.stringify({ identifier: "lmcc-abcd1234" });
    expect(headers["x-amz-content-sha256"]).to.equal(createHash("sha256").update(body).digest("hex"));
  });

  it("signs exactly what a reference SigV4 signer computes for the bytes sent", async () => {
    let seen: { headers: Record<string, string>; body: string } | undefined;
    aws("GetEnvironment").reply(function (_uri, body) {
      seen = { headers: this.req.headers, body: JSON.stringify(body) };
      return [200, { environment: awsEnvironment() }];
    });
    await client().getEnvironment({ id: ENVIRONMENT_ID });
    const { headers, body } = seen!;
    const date = headers["x-amz-date"];
    const signer = new SignatureV4({
      service: "interconnect",
      region: REGION,
      credentials: AWS_CREDENTIALS,
      sha256: Sha256,
    });
    const reference = await signer.sign(
      new HttpRequest({
        method: "POST",
        protocol: "http:",
        hostname: "cloud.test",
        path: "/aws/",
        headers: {
          host: "cloud.test",
          "content-type": headers["content-type"],
          "x-amz-target": headers["x-amz-target"],
          "x-amz-content-sha256": headers["x-amz-content-sha256"],
        },
        body,
      }),
      {
        signingDate: new Date(
          `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 11)}:${date.slice(11, 13)}:${date.slice(13, 15)}Z`,
        ),
      },
    );
    expect(headers.authorization).to.equal(reference.headers.authorization);
  });

  it("carries a session token", async () => {
    nock(AWS, { reqheaders: { "x-amz-security-token": "session-token-xyz" } })
      .post("/")
      .reply(200, { environments: [] });
    const c = client({ credentials: { ...AWS_CREDENTIALS, sessionToken: "session-token-xyz" } });
    expect((await c.listEnvironments({})).environments).to.deep.equal([]);
  });

  it("refuses an invalid request before sending it", async () => {
    const e = await rejection(client().getConnection({ identifier: "cc-1" }));
    expect(e.message).to.contain("GetConnection").and.contain("identifier");
    expect(e).not.to.be.instanceOf(AwsApiError);
  });

  it("validates responses against the contract", async () => {
    aws("GetConnection").reply(200, { connection: { ...awsConnection(), state: "exploded" } });
    const e = await rejection(client().getConnection({ identifier: "lmcc-abcd1234" }));
    expect(e).to.be.instanceOf(ResponseValidationError);
    expect(e.message).to.contain("exploded");
    expect(e.message).not.to.contain(awsConnection().activationKey);
  });

  it("reads a later AWS member leniently", async () => {
    aws("GetEnvironment").reply(200, { environment: { ...awsEnvironment(), somethingNew: 1 } });
    expect((await client().getEnvironment({ id: ENVIRONMENT_ID })).environment.environmentId).to.equal(ENVIRONMENT_ID);
  });

  it("retries ThrottlingException (429) honouring Retry-After", async () => {
    aws("ListEnvironments").reply(429, awsError("ThrottlingException", "Rate exceeded"), { "Retry-After": "1" });
    aws("ListEnvironments").reply(200, { environments: [awsEnvironment()] });
    const started = Date.now();
    expect((await client().listEnvironments({})).environments).to.have.length(1);
    expect(Date.now() - started).to.be.at.least(950);
  });

  it("retries InterconnectServerException (500) and network errors", async () => {
    aws("GetConnection").reply(500, awsError("InterconnectServerException", "internal"));
    aws("GetConnection").replyWithError(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }));
    aws("GetConnection").reply(200, { connection: awsConnection() });
    expect((await client().getConnection({ identifier: "lmcc-abcd1234" })).connection!.state).to.equal("requested");
  });

  it("gives up on throttling after the budget with a typed error", async () => {
    aws("GetConnection").times(5).reply(429, awsError("ThrottlingException"));
    const e = await rejection(client().getConnection({ identifier: "lmcc-abcd1234" }));
    expect(e).to.be.instanceOf(AwsApiError).and.include({ type: "ThrottlingException", status: 429, retryable: true });
  });

  for (const [status, type, words] of [
    [400, "InterconnectValidationException", "AWS refused the request"],
    [400, "InterconnectClientException", "AWS refused the request"],
    [402, "ServiceQuotaExceededException", "quota"],
    [403, "AccessDeniedException", "AWS refused the credentials"],
    [403, "UnrecognizedClientException", "check the access key / profile / region"],
    [403, "InvalidSignatureException", "AWS refused the credentials"],
  ] as const) {
    it(`does not retry ${type} (${status}) and says so in plain words`, async () => {
      aws("CreateConnection").once().reply(status, awsError(type, "nope"));
      const e = await rejection(
        client().createConnection({
          environmentId: ENVIRONMENT_ID,
          bandwidth: "10Gbps",
          attachPoint: { directConnectGateway: DX_GATEWAY },
        }),
      );
      expect(e).to.be.instanceOf(AwsApiError).and.include({ type, status, retryable: false, serverMessage: "nope" });
      expect(e.message).to.contain(words).and.contain("CreateConnection");
    });
  }

  it("treats ResourceNotFoundException as gone", async () => {
    aws("GetConnection").reply(404, awsError("ResourceNotFoundException", "no such connection"));
    const e = await rejection(client().getConnection({ identifier: "lmcc-abcd1234" }));
    expect(isNotFound(e)).to.equal(true);
    aws("GetConnection").reply(404, awsError("ResourceNotFoundException"));
    const c = client();
    expect(await findLive(async () => (await c.getConnection({ identifier: "lmcc-abcd1234" })).connection!)).to.equal(
      undefined,
    );
  });

  it("reads the error type from the x-amzn-ErrorType header when the body has none", async () => {
    aws("GetConnection").reply(403, "", { "x-amzn-ErrorType": "UnrecognizedClientException:http://internal" });
    const e = await rejection(client().getConnection({ identifier: "lmcc-abcd1234" }));
    expect(e).to.include({ type: "UnrecognizedClientException", status: 403 });
  });

  it("never puts the activation key, secret key, session token or signature in an error", async () => {
    const key = awsConnection().activationKey;
    let signature = "";
    aws("DescribeConnectionProposal").reply(function () {
      signature = String(this.req.headers.authorization).split("Signature=")[1];
      return [400, awsError("InterconnectValidationException", `bad key ${key}`)];
    });
    const c = client({ credentials: { ...AWS_CREDENTIALS, sessionToken: "session-token-secret" } });
    const e = await rejection(c.describeConnectionProposal({ activationKey: key }));
    const everything = `${e.message} ${e.stack} ${JSON.stringify(e)}`;
    for (const secret of [key, AWS_CREDENTIALS.secretAccessKey, "session-token-secret", signature]) {
      expect(everything).not.to.contain(secret);
    }
  });
});

describe("AWS endpoint, region and credentials", () => {
  useTestSettings();

  it("derives the regional endpoint, China included, and uses an override as-is", () => {
    expect(awsEndpoint("us-east-1")).to.equal("https://interconnect.us-east-1.api.aws");
    expect(awsEndpoint("cn-northwest-1")).to.equal("https://interconnect.cn-northwest-1.api.amazonwebservices.com.cn");
    setConnectionSettings({ region: "eu-west-1", awsCredentials: AWS_CREDENTIALS });
    expect(awsClient().endpoint).to.equal("https://interconnect.eu-west-1.api.aws");
    setConnectionSettings({
      region: "eu-west-1",
      cloudEndpoint: "http://127.0.0.1:9/cloud",
      awsCredentials: AWS_CREDENTIALS,
    });
    expect(awsClient().endpoint).to.equal("http://127.0.0.1:9/cloud");
  });

  it("resolves the region: interconnect:region, then aws:region, then AWS_REGION, then AWS_DEFAULT_REGION", async () => {
    setConnectionSettings({});
    const stack = (values: Record<string, string>) =>
      configureFromStack({ get: (key: string) => values[key] } as never);
    await withEnv({ AWS_REGION: "us-west-2", AWS_DEFAULT_REGION: "ap-south-1" }, async () => {
      stack({ "interconnect:region": "eu-central-1", "aws:region": "eu-west-1" });
      expect(readSettings().region).to.equal("eu-central-1");
      stack({ "aws:region": "eu-west-1" });
      expect(readSettings().region).to.equal("eu-west-1");
      stack({});
      expect(readSettings().region).to.equal("us-west-2");
    });
    await withEnv({ AWS_DEFAULT_REGION: "ap-south-1" }, async () =>
      expect(readSettings().region).to.equal("ap-south-1"),
    );
  });

  it("reads the profile from aws:profile, then AWS_PROFILE", async () => {
    await withEnv({ AWS_PROFILE: "from-env" }, async () => {
      configureFromStack({ get: (key: string) => (key === "aws:profile" ? "from-stack" : undefined) } as never);
      expect(readSettings().profile).to.equal("from-stack");
      configureFromStack({ get: () => undefined } as never);
      expect(readSettings().profile).to.equal("from-env");
    });
  });

  it("fails clearly without a region", async () => {
    setConnectionSettings({ awsCredentials: AWS_CREDENTIALS });
    await withEnv({}, async () => {
      const e = (() => {
        try {
          requireRegion();
        } catch (error) {
          return error as Error;
        }
        throw new Error("expected an error");
      })();
      expect(e.message).to.contain("interconnect:region").and.contain("aws:region").and.contain("AWS_REGION");
    });
  });

  it("takes credentials from the environment through the default chain", async () => {
    await withEnv(
      {
        ...NO_CREDENTIALS_ENV,
        AWS_ACCESS_KEY_ID: AWS_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: AWS_CREDENTIALS.secretAccessKey,
      },
      async () => {
        aws("ListEnvironments").reply(200, { environments: [] });
        const c = new AwsInterconnectClient({ region: REGION, endpoint: AWS, retry: fastRetry });
        expect((await c.listEnvironments({})).environments).to.deep.equal([]);
      },
    );
  });

  it("explains missing credentials: the chain tried and how to set them, with no request sent", async () => {
    await withEnv(NO_CREDENTIALS_ENV, async () => {
      const c = new AwsInterconnectClient({ region: REGION, endpoint: AWS, profile: "team-net", retry: fastRetry });
      const e = await rejection(c.listEnvironments({}));
      expect(e).to.be.instanceOf(AwsCredentialsError);
      for (const words of [
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        'profile "team-net"',
        "SSO",
        "web identity",
        "instance metadata",
        "aws configure",
        "AWS_PROFILE",
        "pulumi config set aws:profile",
      ]) {
        expect(e.message).to.contain(words);
      }
    });
  });
});

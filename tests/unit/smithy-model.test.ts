// The Smithy-model validator in tests/support is what conformance tests trust, so it is checked here against the
// model's own examples (must pass) and against hand-made payloads that break one rule each (must fail, naming the
// path).
import * as path from "node:path";
import { expect } from "chai";
import { AWS_OPERATION_NAMES, isReadonlyAwsOperation } from "../../schema/aws";
import { loadInterconnectModel } from "../support/smithy-model";

const NS = "com.amazonaws.interconnect";
const DCGW = "90392BE3-219C-47FD-BBA5-03DF76D2542A";
const ARN = "arn:aws:interconnect:us-east-1:000000000000:connection/mcc-abc12345";

// Upstream examples that do not conform, keyed "Operation/title/input|output", with the exact issues expected.
// None today: the README's quirks about examples (a LastMile environment whose provider is a cloudServiceProvider,
// a LastMile connection listed under a filter for another environment) are semantic, not constraint violations.
const KNOWN_EXAMPLE_ISSUES: Record<string, string[]> = {};

const createInput = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  bandwidth: "1Gbps",
  environmentId: "mce-aws-acme-1",
  attachPoint: { directConnectGateway: DCGW },
  ...overrides,
});

const connection = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: "mcc-abc12345",
  arn: ARN,
  description: "My MultiCloud Connection",
  bandwidth: "1Gbps",
  attachPoint: { directConnectGateway: DCGW },
  environmentId: "mce-aws-acme-1",
  provider: { cloudServiceProvider: "acme" },
  location: "acme-east",
  type: "Multicloud",
  state: "available",
  sharedId: "B0615F4D-E588-47AD-9D04-1449EAA61C91",
  ownerAccount: "000000000000",
  activationKey: "<Activation Key Data>",
  ...overrides,
});

// Loaded when the file is loaded, so each model example below becomes its own test case.
const model = loadInterconnectModel();

/** Asserts one issue is about `issuePath` (it starts with "path:") and mentions every fragment. */
function expectIssue(issues: string[], issuePath: string, ...fragments: string[]): void {
  const hit = issues.find((i) => i.startsWith(`${issuePath}: `) && fragments.every((f) => i.includes(f)));
  expect(hit, `no issue at ${issuePath} mentioning ${JSON.stringify(fragments)} in ${JSON.stringify(issues)}`).to.be.a(
    "string",
  );
}

describe("Smithy model validator: loading", () => {
  it("loads the 13 operations and 7 errors of the service", () => {
    expect(model.serviceId).to.equal(`${NS}#Interconnect`);
    expect(model.operations).to.deep.equal([
      "AcceptConnectionProposal",
      "CreateConnection",
      "DeleteConnection",
      "DescribeConnectionProposal",
      "GetConnection",
      "GetEnvironment",
      "ListAttachPoints",
      "ListConnections",
      "ListEnvironments",
      "ListTagsForResource",
      "TagResource",
      "UntagResource",
      "UpdateConnection",
    ]);
    expect(model.errors).to.have.length(7);
  });

  it("schema/aws.ts marks exactly the model's readonly operations (the emulator writes no state for them)", () => {
    expect(model.readonlyOperations).to.have.length(7);
    expect(AWS_OPERATION_NAMES.filter(isReadonlyAwsOperation).sort()).to.deep.equal(model.readonlyOperations);
  });

  it("loads from an explicit path and from INTERCONNECT_AWS_MODEL, and names the path when it is missing", () => {
    const file = path.resolve(__dirname, "../../../shared/aws-model/interconnect.json");
    expect(loadInterconnectModel(file).operations).to.have.length(13);
    const saved = process.env.INTERCONNECT_AWS_MODEL;
    try {
      process.env.INTERCONNECT_AWS_MODEL = file;
      expect(loadInterconnectModel().operations).to.have.length(13);
      process.env.INTERCONNECT_AWS_MODEL = "/nonexistent/interconnect.json";
      expect(() => loadInterconnectModel()).to.throw(/\/nonexistent\/interconnect\.json/);
    } finally {
      if (saved === undefined) delete process.env.INTERCONNECT_AWS_MODEL;
      else process.env.INTERCONNECT_AWS_MODEL = saved;
    }
  });

  it("throws on an unknown operation or shape name (a typo must not pass a negative test)", () => {
    expect(() => model.validateInput("CreateConnections", {})).to.throw(/unknown operation/);
    expect(() => model.validateShape("Conection", {})).to.throw(/unknown shape/);
  });

  it("accepts X-Amz-Target and shape-id operation names", () => {
    expect(model.validateInput("Interconnect.GetConnection", { identifier: "mcc-abc12345" })).to.deep.equal([]);
    expect(model.validateInput(`${NS}#GetConnection`, { identifier: "mcc-abc12345" })).to.deep.equal([]);
  });
});

describe("Smithy model validator: smithy.api#examples", () => {
  it("every operation has at least one example", () => {
    for (const op of model.operations) expect(model.examples(op), op).to.not.be.empty;
  });

  for (const op of model.operations) {
    for (const example of model.examples(op)) {
      for (const kind of ["input", "output"] as const) {
        const key = `${op}/${example.title}/${kind}`;
        it(`${key} conforms`, () => {
          const value = example[kind] ?? {};
          const issues = kind === "input" ? model.validateInput(op, value) : model.validateOutput(op, value);
          expect(issues).to.deep.equal(KNOWN_EXAMPLE_ISSUES[key] ?? []);
        });
      }
      if (example.error) {
        const err = example.error;
        it(`${op}/${example.title}/error conforms`, () => {
          expect(model.validateError(err.shapeId, err.content)).to.deep.equal([]);
        });
      }
    }
  }
});

describe("Smithy model validator: inputs that must fail (structures, unions)", () => {
  it("missing required member: CreateConnection without bandwidth", () => {
    const input = createInput();
    delete input.bandwidth;
    expectIssue(model.validateInput("CreateConnection", input), "bandwidth", "required", "missing");
    expectIssue(model.validateInput("CreateConnection", createInput({ bandwidth: null })), "bandwidth", "is null");
  });

  it("bad pattern: bandwidth 10G", () => {
    const issues = model.validateInput("CreateConnection", createInput({ bandwidth: "10G" }));
    expect(issues).to.have.length(1);
    expectIssue(issues, "bandwidth", '"10G"', "pattern", "^\\d+[MG]bps$");
  });

  it("union with two members set", () => {
    const both = createInput({ attachPoint: { directConnectGateway: DCGW, arn: ARN } });
    const issues = model.validateInput("CreateConnection", both);
    expectIssue(issues, "attachPoint", "union must have exactly one member set, got 2", "directConnectGateway, arn");
  });

  it("union with no member set (null members do not count)", () => {
    const issues = model.validateInput("CreateConnection", createInput({ attachPoint: {} }));
    expectIssue(issues, "attachPoint", "union must have exactly one member set, got 0");
    const withNull = createInput({ attachPoint: { directConnectGateway: DCGW, arn: null } });
    expect(model.validateInput("CreateConnection", withNull)).to.deep.equal([]);
  });

  it("union with an unknown member", () => {
    const issues = model.validateInput("CreateConnection", createInput({ attachPoint: { transitGateway: "tgw-1" } }));
    expectIssue(issues, "attachPoint.transitGateway", "unknown member transitGateway");
    expectIssue(issues, "attachPoint", "got 0");
  });

  it("union member value checked against its target: attachPoint.arn of another service", () => {
    const arn = "arn:aws:directconnect:us-east-1:000000000000:dx-gateway/90392be3-219c-47fd-bba5-03df76d2542a";
    const issues = model.validateInput("CreateConnection", createInput({ attachPoint: { arn } }));
    expectIssue(issues, "attachPoint.arn", "pattern");
  });
});

describe("Smithy model validator: inputs that must fail (lengths, ranges, types, maps, lists)", () => {
  it("length: description of 256 chars, and ActivationKey of 0 chars", () => {
    const long = model.validateInput("CreateConnection", createInput({ description: "a".repeat(256) }));
    expectIssue(long, "description", "length 256", "[1, 255]", "smithy.api#length");
    expect(model.validateInput("CreateConnection", createInput({ description: "a".repeat(255) }))).to.deep.equal([]);
    const empty = model.validateInput("DescribeConnectionProposal", { activationKey: "" });
    expectIssue(empty, "activationKey", "length 0");
    const accept = { activationKey: "", attachPoint: { directConnectGateway: DCGW } };
    expectIssue(model.validateInput("AcceptConnectionProposal", accept), "activationKey", "length 0", "[1, 2048]");
  });

  it("length counts code points, not UTF-16 units", () => {
    const emoji = "\u{1F600}".repeat(128);
    expect(model.validateShape("TagKey", emoji)).to.deep.equal([]);
    expectIssue(model.validateShape("TagKey", `${emoji}x`), "$", "length 129");
  });

  it("never echoes a @sensitive value (activation keys are secrets)", () => {
    const secret = `SECRET-${"k".repeat(2048)}`;
    const issues = model.validateInput("DescribeConnectionProposal", { activationKey: secret });
    expectIssue(issues, "activationKey", "length 2055", "sensitive");
    expect(issues.join("\n")).to.not.include("SECRET");
  });

  it("range: maxResults 0 and 101 (1..100 allowed), and not a fraction", () => {
    expectIssue(model.validateInput("ListConnections", { maxResults: 0 }), "maxResults", "0", "range [1, 100]");
    expectIssue(model.validateInput("ListEnvironments", { maxResults: 101 }), "maxResults", "101", "range [1, 100]");
    expectIssue(model.validateInput("ListConnections", { maxResults: 1.5 }), "maxResults", "expected integer");
    expect(model.validateInput("ListAttachPoints", { environmentId: "e", maxResults: 100 })).to.deep.equal([]);
  });

  it("wrong type: bandwidth as a number", () => {
    expectIssue(
      model.validateInput("CreateConnection", createInput({ bandwidth: 10 })),
      "bandwidth",
      "expected string",
      "number 10",
    );
  });

  it("unknown member, including __type outside an error body", () => {
    expectIssue(model.validateInput("CreateConnection", createInput({ name: "x" })), "name", "unknown member name");
    expectIssue(
      model.validateInput("ListConnections", { __type: "x" }),
      "__type",
      "unknown member __type",
      "only allowed in error bodies",
    );
  });

  it("map value too long: tag value of 257 chars", () => {
    const input = { arn: ARN, tags: { team: "v".repeat(257) } };
    expectIssue(model.validateInput("TagResource", input), 'tags["team"]', "length 257", "[0, 256]");
    expect(model.validateInput("TagResource", { arn: ARN, tags: { team: "" } })).to.deep.equal([]);
  });

  it("map keys are checked against the key shape", () => {
    expectIssue(model.validateInput("TagResource", { arn: ARN, tags: { "": "v" } }), 'tags[""] (key)', "length 0");
    expectIssue(model.validateInput("TagResource", { arn: ARN, tags: { k: 1 } }), 'tags["k"]', "expected string");
    expectIssue(model.validateInput("TagResource", { arn: ARN, tags: ["k"] }), "tags", "expected object (map)");
  });

  it("list of wrong item type: tagKeys [1]", () => {
    const issues = model.validateInput("UntagResource", { arn: ARN, tagKeys: [1] });
    expectIssue(issues, "tagKeys[0]", "expected string", "number 1");
    expectIssue(model.validateInput("UntagResource", { arn: ARN, tagKeys: "k" }), "tagKeys", "expected array");
    expectIssue(model.validateInput("UntagResource", { arn: ARN, tagKeys: [null] }), "tagKeys[0]", "null item");
  });

  it("root that is not an object", () => {
    expectIssue(model.validateInput("ListConnections", []), "$", "expected object", "array(0)");
    expectIssue(model.validateInput("ListConnections", null), "$", "expected object", "null");
  });
});

describe("Smithy model validator: outputs", () => {
  it("enum value not allowed: state active in a Connection", () => {
    const issues = model.validateOutput("GetConnection", { connection: connection({ state: "active" }) });
    expectIssue(issues, "connection.state", '"active"', "ConnectionState", "available | requested");
    expectIssue(model.validateShape("Connection", connection({ state: "active" })), "state", '"active"');
    expect(model.validateOutput("GetConnection", { connection: connection({ state: "down" }) })).to.deep.equal([]);
  });

  it("nested union and required members inside a Connection", () => {
    const issues = model.validateOutput("GetConnection", { connection: connection({ attachPoint: {} }) });
    expectIssue(issues, "connection.attachPoint", "union must have exactly one member set, got 0");
    const noArn = connection();
    delete noArn.arn;
    expectIssue(model.validateOutput("DeleteConnection", { connection: noArn }), "connection.arn", "required");
    expectIssue(model.validateOutput("DeleteConnection", {}), "connection", "required");
    expect(model.validateOutput("GetConnection", {})).to.deep.equal([]);
  });

  it("unknown member in an output (ConnectionSummary has no ownerAccount)", () => {
    const summary = connection();
    delete summary.activationKey;
    const issues = model.validateOutput("ListConnections", { connections: [summary] });
    expect(issues).to.have.length(1);
    expectIssue(issues, "connections[0].ownerAccount", "unknown member ownerAccount", "ConnectionSummary");
  });

  it("integer range inside an output: billingTier 9", () => {
    expectIssue(model.validateShape("Connection", connection({ billingTier: 9 })), "billingTier", "range [0, 8]");
    expect(model.validateShape("Connection", connection({ billingTier: 8 }))).to.deep.equal([]);
  });

  it("empty outputs expect {}", () => {
    expect(model.validateOutput("TagResource", {})).to.deep.equal([]);
    expectIssue(model.validateOutput("UntagResource", { ok: true }), "ok", "unknown member ok");
  });
});

describe("Smithy model validator: prelude shapes", () => {
  it("resolves smithy.api#String, #Integer, #Boolean, #Unit", () => {
    expect(model.validateShape("smithy.api#String", "x")).to.deep.equal([]);
    expectIssue(model.validateShape("smithy.api#String", 1), "$", "expected string");
    expect(model.validateShape("smithy.api#Integer", 2147483647)).to.deep.equal([]);
    expectIssue(model.validateShape("smithy.api#Integer", 2147483648), "$", "does not fit");
    expectIssue(model.validateShape("smithy.api#Boolean", "true"), "$", "expected boolean");
    expect(model.validateShape("smithy.api#Unit", {})).to.deep.equal([]);
    expect(model.validateShape("smithy.api#Document", { any: [1, "x"] })).to.deep.equal([]);
  });
});

describe("Smithy model validator: errors", () => {
  it("HTTP status from smithy.api#httpError", () => {
    expect(model.errorHttpStatus("ServiceQuotaExceededException")).to.equal(402);
    expect(model.errorHttpStatus("ThrottlingException")).to.equal(429);
    expect(model.errorHttpStatus(`${NS}#ThrottlingException:http://internal.amazon.com/coral/`)).to.equal(429);
    expect(model.errorHttpStatus("InterconnectServerException")).to.equal(500);
    expect(model.errorHttpStatus("NoSuchException")).to.equal(undefined);
  });

  it("InterconnectValidationException requires message", () => {
    const type = `${NS}#InterconnectValidationException`;
    expect(model.validateError(type, { __type: type, message: "x" })).to.deep.equal([]);
    expectIssue(model.validateError(type, { __type: type }), "message", "required member message is missing");
  });

  it("accepts short and suffixed __type and Message for message", () => {
    const capitalised = { __type: "InterconnectClientException", Message: "m" };
    expect(model.validateError("InterconnectClientException", capitalised)).to.deep.equal([]);
    const suffixed = `${NS}#ThrottlingException:http://internal.amazon.com/coral/com.amazon.coral.service/`;
    expect(model.validateError(suffixed, { __type: suffixed })).to.deep.equal([]);
    expect(model.validateError("ResourceNotFoundException", { message: "gone" })).to.deep.equal([]);
  });

  it("rejects mismatched or unknown types and unknown members", () => {
    const mismatch = model.validateError("ThrottlingException", { __type: "AccessDeniedException" });
    expectIssue(mismatch, "__type", "does not name error");
    expectIssue(model.validateError("NoSuchException", {}), "$", "unknown error type");
    expectIssue(model.validateError(`other.ns#ThrottlingException`, {}), "$", "unknown error type");
    const extra = model.validateError("ThrottlingException", { message: "m", code: "x" });
    expectIssue(extra, "code", "unknown member code");
    expectIssue(model.validateError("ThrottlingException", { message: 5 }), "message", "expected string");
  });
});

// Generates the committed JSON documents in schema/ (run: `npm run schema`):
//   <resource>.args.json  JSON Schema (draft 2020-12) of each resource's arguments, from the zod schema its
//                         provider's check validates with; defaults are the ones check fills in;
//   openapi.json          the emulator's OpenAPI 3.1 document (what `GET /openapi.json` serves, server "/").
// tests/unit/schema-fresh.test.ts regenerates them in memory and fails when a committed file is stale.
import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { BANDWIDTH_TIERS_GBPS } from "../schema/customer";
import { buildOpenApiDocument } from "../schema/spec";
import { bandwidthTierInput } from "../provider/common/validation";
import { DiversityPolicySchema } from "../provider/diversity/policy";
import { ActivationKeyInputsSchema, provider as activationKeyProvider } from "../provider/activation-key/impl";
import {
  ConnectionProposalAccepterInputsSchema,
  provider as connectionProposalAccepterProvider,
} from "../provider/connection-proposal-accepter/impl";
import { InterconnectInputsSchema, provider as interconnectProvider } from "../provider/interconnect/impl";
import {
  RedundantLinkGroupInputsSchema,
  provider as redundantLinkGroupProvider,
} from "../provider/redundant-link-group/impl";

export const SCHEMA_DIR = path.resolve(__dirname, "..", "schema");

/** Set by each resource class, not by the user: not an argument. */
const INTERNAL_INPUTS = ["resourceUrn"] as const;

type JsonSchema = Record<string, unknown> & {
  properties: Record<string, Record<string, unknown>>;
  required?: string[];
};

interface ResourceSchemaSource {
  resource: "ActivationKey" | "ConnectionProposalAccepter" | "Interconnect" | "RedundantLinkGroup";
  file: string;
  schema: z.ZodObject;
  check: (olds: never, news: never) => Promise<{ inputs?: Record<string, unknown> }>;
  description: string;
}

const SOURCES: ResourceSchemaSource[] = [
  {
    resource: "ActivationKey",
    file: "activation-key.args.json",
    schema: ActivationKeyInputsSchema,
    check: activationKeyProvider.check! as ResourceSchemaSource["check"],
    description:
      "Arguments of ActivationKey (pulumi-nodejs:dynamic/interconnect:ActivationKey): the cloud side of a private interconnect.",
  },
  {
    resource: "ConnectionProposalAccepter",
    file: "connection-proposal-accepter.args.json",
    schema: ConnectionProposalAccepterInputsSchema,
    check: connectionProposalAccepterProvider.check! as ResourceSchemaSource["check"],
    description:
      "Arguments of ConnectionProposalAccepter (pulumi-nodejs:dynamic/interconnect:ConnectionProposalAccepter): accepts a partner-generated activation key on AWS.",
  },
  {
    resource: "Interconnect",
    file: "interconnect.args.json",
    schema: InterconnectInputsSchema,
    check: interconnectProvider.check! as ResourceSchemaSource["check"],
    description:
      "Arguments of Interconnect (pulumi-nodejs:dynamic/interconnect:Interconnect): the partner side, accepting an activation key.",
  },
  {
    resource: "RedundantLinkGroup",
    file: "redundant-link-group.args.json",
    // check validates `policy` with validatePolicy (DiversityPolicySchema), not with the object schema.
    schema: RedundantLinkGroupInputsSchema.extend({ policy: DiversityPolicySchema }),
    check: redundantLinkGroupProvider.check! as ResourceSchemaSource["check"],
    description:
      "Arguments of RedundantLinkGroup (pulumi-nodejs:dynamic/interconnect:RedundantLinkGroup): a physical-diversity policy over Interconnects.",
  },
];

/** The values check fills in when an argument is left out, found by running check on no arguments. */
async function checkDefaults(source: ResourceSchemaSource): Promise<Record<string, unknown>> {
  const news = { resourceUrn: "urn:pulumi:schema::schema::type::defaults" };
  const { inputs = {} } = await source.check({} as never, news as never);
  return Object.fromEntries(Object.entries(inputs).filter(([key]) => !(key in news)));
}

/** JSON Schema of one resource's arguments. */
export async function argumentsSchema(source: ResourceSchemaSource): Promise<JsonSchema> {
  const omit = Object.fromEntries(INTERNAL_INPUTS.map((key) => [key, true])) as Record<
    (typeof INTERNAL_INPUTS)[number],
    true
  >;
  const json = z.toJSONSchema(source.schema.omit(omit), {
    target: "draft-2020-12",
    io: "input",
    unrepresentable: "any",
    override: (ctx) => {
      // The tier check is a z.custom (it reports every tier whatever was wrong); in JSON Schema it is an enum.
      if (ctx.zodSchema === bandwidthTierInput)
        Object.assign(ctx.jsonSchema, { type: "number", enum: [...BANDWIDTH_TIERS_GBPS] });
    },
  }) as JsonSchema;
  const defaults = await checkDefaults(source);
  for (const [key, value] of Object.entries(defaults)) {
    json.properties[key] = { ...json.properties[key], default: value };
  }
  json.required = (json.required ?? []).filter((key) => !(key in defaults));
  return { $id: source.file, title: `${source.resource}Args`, description: source.description, ...json };
}

export const RESOURCE_SCHEMA_SOURCES: readonly ResourceSchemaSource[] = SOURCES;

/** Every generated file: name in schema/ → content. */
export async function generateSchemas(): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const source of SOURCES) files[source.file] = serialize(await argumentsSchema(source));
  files["openapi.json"] = serialize(buildOpenApiDocument());
  return files;
}

const serialize = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

async function main(): Promise<void> {
  for (const [file, content] of Object.entries(await generateSchemas())) {
    const target = path.join(SCHEMA_DIR, file);
    const current = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : undefined;
    fs.writeFileSync(target, content);
    console.log(`${current === content ? "unchanged" : "wrote    "} schema/${file}`);
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}

// The inputs ActivationKey and ConnectionProposalAccepter share for their AWS connection (attach point, description,
// tags), each message saying what is allowed, and the attach point's wire form.
import { z } from "zod";
import {
  AttachPoint,
  ConnectionArnSchema,
  DESCRIPTION_PATTERN,
  DirectConnectGatewayIdSchema,
  MAX_TAGS,
} from "../../../schema/aws";
import { documented } from "../schema-docs";

/** A Direct Connect gateway id (UUID, as `@pulumi/aws` directconnect.Gateway.id) or an Interconnect connection ARN. */
export const isAttachPoint = (value: unknown): value is string =>
  DirectConnectGatewayIdSchema.safeParse(value).success || ConnectionArnSchema.safeParse(value).success;

export const attachPointInput = documented(
  z.custom<string>(isAttachPoint, {
    message:
      "must be a Direct Connect gateway id (a UUID such as 5f0e5c1a-7d0e-4c6b-9a57-0c3d2b1a4e01, as " +
      "@pulumi/aws directconnect.Gateway.id gives it) or an Interconnect connection ARN " +
      "(arn:aws:interconnect:<region>:<12-digit account>:connection/lmcc-xxxxxxxx)",
  }),
  {
    tsType: "string",
    label: "string: gateway UUID or connection ARN",
    jsonSchema: () => z.toJSONSchema(z.union([DirectConnectGatewayIdSchema, ConnectionArnSchema])),
  },
);

export const descriptionInput = documented(
  z
    .string("must be a string")
    .min(1, "must be 1 to 255 characters")
    .max(255, "must be 1 to 255 characters")
    .regex(DESCRIPTION_PATTERN, "may contain only letters, digits, spaces, '-' and '_' (1 to 255 characters)"),
  { label: "string (1–255: letters, digits, space, `-`, `_`)" },
).optional();

/** Names a JavaScript object already has: a tag map cannot carry them as plain keys, so AWS would never see them. */
const OBJECT_NAMES = new Set(["__proto__", "constructor", "prototype"]);

/** Why AWS (or this provider) would refuse the tag key, or undefined. */
function tagKeyProblem(key: string): string | undefined {
  if (key.length < 1 || key.length > 128) return `tag keys must be 1 to 128 characters (this one has ${key.length})`;
  if (/^aws:/i.test(key)) return `tag keys may not start with "aws:" (in any case): AWS reserves that prefix`;
  if (OBJECT_NAMES.has(key))
    return `"${key}" cannot be a tag key here: it is a JavaScript object name, which would be dropped, not tagged`;
  return undefined;
}
export const tagsInput = documented(
  z
    .record(
      z.string(),
      z.string("tag values must be strings").max(256, "tag values must be at most 256 characters"),
      "must be a map of tag key to value",
    )
    .superRefine((tags, ctx) => {
      const count = Object.keys(tags).length;
      if (count > MAX_TAGS) {
        ctx.addIssue({ code: "custom", message: `at most ${MAX_TAGS} tags are allowed (got ${count})` });
      }
      for (const key of Object.keys(tags)) {
        const problem = tagKeyProblem(key);
        if (problem) ctx.addIssue({ code: "custom", path: [key], message: problem });
      }
    }),
  { label: `{ key: value } (≤ ${MAX_TAGS})` },
).optional();

export const toWireAttachPoint = (attachPoint: string): AttachPoint =>
  attachPoint.startsWith("arn:") ? { arn: attachPoint } : { directConnectGateway: attachPoint };

export const fromWireAttachPoint = (attachPoint: AttachPoint): string =>
  "arn" in attachPoint ? attachPoint.arn : attachPoint.directConnectGateway;

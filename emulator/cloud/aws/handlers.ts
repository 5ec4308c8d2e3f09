// One small function per AWS Interconnect operation: validated input in, the backend's answer out. No validation
// here (the front end parsed the input with the operation's zod schema); the rules live in CloudBackend.
import type { AwsInput, AwsOperation, AwsOutput } from "../../../schema/aws";
import type { CloudBackend } from "../backend";
import type { ClientTokens } from "./client-tokens";

export interface AwsCallContext {
  /** The 12-digit account the request was signed for. */
  account: string;
}

export type AwsHandler<O extends AwsOperation> = (
  input: AwsInput<O>,
  ctx: AwsCallContext,
) => AwsOutput<O> | Promise<AwsOutput<O>>;
export type AwsHandlers = { [O in AwsOperation]: AwsHandler<O> };

/** The operations whose input carries an idempotency token, and so answer with a connection. */
type TokenOperation = "CreateConnection" | "UpdateConnection" | "DeleteConnection" | "AcceptConnectionProposal";

export function awsHandlers(cloud: CloudBackend, tokens: ClientTokens): AwsHandlers {
  /** The operation, once per (account, operation, clientToken): a repeat answers the connection as it is now. */
  const once =
    <O extends TokenOperation>(operation: O, run: AwsHandler<O>): AwsHandler<O> =>
    async (input, ctx) => {
      const token = input.clientToken;
      if (token === undefined) return run(input, ctx);
      const members = input as Record<string, unknown>;
      const earlier = tokens.earlier(ctx.account, operation, token, members);
      if (earlier !== undefined) return { connection: cloud.getConnection(ctx.account, earlier) } as AwsOutput<O>;
      const output = await run(input, ctx);
      const made = (output as { connection?: { id: string } }).connection;
      if (made) tokens.remember(ctx.account, operation, token, members, made.id);
      return output;
    };
  return {
    CreateConnection: once("CreateConnection", async (input, { account }) => ({
      connection: await cloud.createConnection(account, input),
    })),
    GetConnection: (input, { account }) => ({ connection: cloud.getConnection(account, input.identifier) }),
    UpdateConnection: once("UpdateConnection", async (input, { account }) => ({
      connection: await cloud.updateConnection(account, input),
    })),
    DeleteConnection: once("DeleteConnection", async (input, { account }) => ({
      connection: await cloud.deleteConnection(account, input.identifier),
    })),
    ListConnections: (input, { account }) => cloud.listConnections(account, input),
    ListEnvironments: (input, { account }) => cloud.listEnvironments(account, input),
    GetEnvironment: (input) => ({ environment: cloud.getEnvironment(input.id) }),
    ListAttachPoints: (input, { account }) => cloud.listAttachPoints(account, input),
    DescribeConnectionProposal: (input) => cloud.describeProposal(input.activationKey),
    AcceptConnectionProposal: once("AcceptConnectionProposal", async (input, { account }) => ({
      connection: await cloud.acceptProposal(account, input),
    })),
    TagResource: (input, { account }) => {
      cloud.tagResource(account, input.arn, input.tags);
      return {};
    },
    UntagResource: (input, { account }) => {
      cloud.untagResource(account, input.arn, input.tagKeys);
      return {};
    },
    ListTagsForResource: (input, { account }) => ({ tags: cloud.listTags(account, input.arn) }),
  };
}

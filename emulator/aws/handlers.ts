// One small function per AWS Interconnect operation: validated input in, the backend's answer out. No validation
// here (the front end parsed the input with the operation's zod schema); the rules live in CloudRole.
import type { AwsInput, AwsOperation, AwsOutput } from "../../schema/aws";
import type { CloudRole } from "../cloud";

export interface AwsCallContext {
  /** The 12-digit account the request was signed for. */
  account: string;
}

export type AwsHandler<O extends AwsOperation> = (
  input: AwsInput<O>,
  ctx: AwsCallContext,
) => AwsOutput<O> | Promise<AwsOutput<O>>;
export type AwsHandlers = { [O in AwsOperation]: AwsHandler<O> };

export function awsHandlers(cloud: CloudRole): AwsHandlers {
  return {
    CreateConnection: async (input, { account }) => ({ connection: await cloud.createConnection(account, input) }),
    GetConnection: (input, { account }) => ({ connection: cloud.getConnection(account, input.identifier) }),
    UpdateConnection: async (input, { account }) => ({ connection: await cloud.updateConnection(account, input) }),
    DeleteConnection: async (input, { account }) => ({
      connection: await cloud.deleteConnection(account, input.identifier),
    }),
    ListConnections: (input, { account }) => cloud.listConnections(account, input),
    ListEnvironments: (input) => cloud.listEnvironments(input),
    GetEnvironment: (input) => ({ environment: cloud.getEnvironment(input.id) }),
    ListAttachPoints: (input, { account }) => cloud.listAttachPoints(account, input),
    DescribeConnectionProposal: (input) => cloud.describeProposal(input.activationKey),
    AcceptConnectionProposal: async (input, { account }) => ({
      connection: await cloud.acceptProposal(account, input),
    }),
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

// The spec's issue endpoints (CreateIssue, ListIssues, GetIssue, CloseIssue, ListComments, AddComment), shared by
// both roles. Requests are validated before anything is stored: a stored issue is served by every later ListIssues.
import { conflict, invalidArgument, notFound } from "../http/errors";
import type { PageQuery } from "../http/paging";
import { iso, randomId } from "./role-core";
import type { SpecHandlers } from "./request";
import { own, type IssueRecord } from "../state/store";

export interface IssueHost {
  issues(): Record<string, IssueRecord>;
  now(): number;
  touch(): void;
  peerId: string;
}

type Page = <T>(key: string, items: T[], query: PageQuery) => Record<string, unknown>;

const issueView = (i: IssueRecord) => ({
  ...i.fields,
  name: i.name,
  title: i.title,
  body: i.body,
  state: i.state,
  createTime: iso(i.createTime),
  localIssueId: i.localIssueId,
});

export function issueHandlers(host: IssueHost, page: Page) {
  const issueOf = (params: Record<string, string>) => {
    const issue = own(host.issues(), `providers/${params.provider}/issues/${params.issue}`);
    if (!issue) throw notFound(`issue ${params.issue} does not exist`);
    return issue;
  };
  return {
    ListIssues: ({ query }) => {
      const issues = Object.values(host.issues()).sort((a, b) => a.createTime - b.createTime);
      return page("issues", issues.map(issueView), query);
    },
    CreateIssue: ({ params, query, request }) => {
      if (!query.issueId) throw invalidArgument("issueId is required");
      const { title, body: text, ...fields } = request();
      const name = `providers/${params.provider}/issues/${query.issueId}`;
      if (own(host.issues(), name)) throw conflict(`issue ${query.issueId} already exists`, "ALREADY_EXISTS");
      const issue: IssueRecord = {
        name,
        title,
        body: text,
        fields,
        state: "STATE_OPEN",
        createTime: host.now(),
        localIssueId: randomId("case", 4),
        comments: [],
      };
      host.issues()[name] = issue;
      host.touch();
      return issueView(issue);
    },
    GetIssue: ({ params }) => issueView(issueOf(params)),
    CloseIssue: ({ params }) => {
      const issue = issueOf(params);
      issue.state = "STATE_CLOSED";
      host.touch();
      return issueView(issue);
    },
    ListComments: ({ params, query }) => {
      const comments = [...issueOf(params).comments].sort((a, b) => b.createTime - a.createTime);
      return page(
        "comments",
        comments.map((c) => ({ ...c, createTime: iso(c.createTime) })),
        query,
      );
    },
    AddComment: ({ params, body }) => {
      const issue = issueOf(params);
      const text = body.comment?.body;
      if (!text) throw invalidArgument("comment.body is required");
      const displayName = `providers/${host.peerId}`;
      const comment = { body: text, createTime: host.now(), displayName, localCommentId: randomId("cmt", 4) };
      issue.comments.push(comment);
      host.touch();
      return { comment: { ...comment, createTime: iso(comment.createTime) } };
    },
  } satisfies Partial<SpecHandlers>;
}

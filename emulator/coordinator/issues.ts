// The spec's issue endpoints (CreateIssue, ListIssues, GetIssue, CloseIssue, ListComments, AddComment), shared by
// both roles. Requests are validated before anything is stored: a stored issue is served by every later ListIssues.
import { conflict, invalidArgument, notFound } from "../http/errors";
import { iso, page, randomId } from "./format";
import type { SpecHandlers } from "./request";
import type { SpecRecords } from "./spec-records";
import { own, type IssueRecord } from "../state/store";

const issueView = (i: IssueRecord) => ({
  ...i.fields,
  name: i.name,
  title: i.title,
  body: i.body,
  state: i.state,
  createTime: iso(i.createTime),
  localIssueId: i.localIssueId,
});

export function issueHandlers(records: SpecRecords) {
  const issueOf = (params: Record<string, string>) => {
    const issue = own(records.state.issues, `providers/${params.provider}/issues/${params.issue}`);
    if (!issue) throw notFound(`issue ${params.issue} does not exist`);
    return issue;
  };
  return {
    ListIssues: ({ query }) => {
      const issues = Object.values(records.state.issues).sort((a, b) => a.createTime - b.createTime);
      return page("issues", issues.map(issueView), query);
    },
    CreateIssue: ({ params, query, request }) => {
      if (!query.issueId) throw invalidArgument("issueId is required");
      const { title, body: text, ...fields } = request();
      const name = `providers/${params.provider}/issues/${query.issueId}`;
      if (own(records.state.issues, name)) throw conflict(`issue ${query.issueId} already exists`, "ALREADY_EXISTS");
      const issue: IssueRecord = {
        name,
        title,
        body: text,
        fields,
        state: "STATE_OPEN",
        createTime: records.now(),
        localIssueId: randomId("case", 4),
        comments: [],
      };
      records.state.issues[name] = issue;
      return issueView(issue);
    },
    GetIssue: ({ params }) => issueView(issueOf(params)),
    CloseIssue: ({ params }) => {
      const issue = issueOf(params);
      issue.state = "STATE_CLOSED";
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
      const displayName = `providers/${records.peerId}`;
      const comment = { body: text, createTime: records.now(), displayName, localCommentId: randomId("cmt", 4) };
      issue.comments.push(comment);
      return { comment: { ...comment, createTime: iso(comment.createTime) } };
    },
  } satisfies Partial<SpecHandlers>;
}

// Idempotency tokens as AWS keeps them: a clientToken is scoped to the account and the operation. A repeat with the
// same input is answered with the connection the first request made or changed, as it is now (also after a restart:
// the ledger lives in the emulator's state); a repeat with different input is refused with a 400 that names the
// token and the member that differs, and changes nothing. Used by ./handlers.ts around the operations whose input
// has an idempotency token (CreateConnection, UpdateConnection, DeleteConnection, AcceptConnectionProposal).
import { randomBytes } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import type { AwsApiState, ClientTokenRecord, Store } from "../../state/store";
import { validationError } from "./errors";

/**
 * The AWS front's part of the state, made on first use (state written before it existed has none): at start-up, by
 * ClientTokens, so the store's first write after start keeps it.
 */
export function awsApiState(store: Store): AwsApiState {
  return (store.state.aws ??= { pageTokenSecret: randomBytes(32).toString("hex"), clientTokens: {} });
}

export class ClientTokens {
  constructor(private readonly store: Store) {
    awsApiState(store); // made now, at start: a read (a page token's secret) must never be what writes state
  }

  /**
   * The connection an earlier request with this token made, when the input is the same; undefined for a token not
   * seen for this account and operation; a 400 when the same token came with different input.
   */
  earlier(account: string, operation: string, token: string, input: Record<string, unknown>): string | undefined {
    const record = this.record(account, operation, token);
    if (!record) return undefined;
    const member = differingMember(record.input, withoutToken(input));
    if (member !== undefined)
      throw validationError(
        `clientToken '${token}' was already used for a ${operation} request with different input ` +
          `(member '${member}' differs); use a new clientToken for a different request`,
      );
    return record.connectionId;
  }

  remember(account: string, operation: string, token: string, input: Record<string, unknown>, connectionId: string) {
    const table = awsApiState(this.store).clientTokens;
    const record: ClientTokenRecord = { operation, input: withoutToken(input), connectionId, at: this.store.now() };
    Object.defineProperty(table, keyOf(account, operation, token), {
      value: record,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }

  private record(account: string, operation: string, token: string): ClientTokenRecord | undefined {
    const table = this.store.state.aws?.clientTokens ?? {};
    const key = keyOf(account, operation, token);
    return Object.hasOwn(table, key) ? table[key] : undefined;
  }
}

const keyOf = (account: string, operation: string, token: string) => `${account} ${operation} ${token}`;

function withoutToken(input: Record<string, unknown>): Record<string, unknown> {
  const { clientToken: _token, ...rest } = input;
  return JSON.parse(JSON.stringify(rest)) as Record<string, unknown>;
}

/** The first member (by name) whose value differs between two inputs: named only, values are never shown. */
function differingMember(before: Record<string, unknown>, after: Record<string, unknown>): string | undefined {
  const members = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return members.find((m) => !isDeepStrictEqual(before[m], after[m]));
}

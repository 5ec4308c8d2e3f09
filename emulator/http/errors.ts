// API errors carry an HTTP status and a stable code; the server turns them into ErrorBody JSON.
import type { ErrorBody } from "../../schema/customer";
import type { OperationSpec } from "../../schema/spec";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, status: this.status } };
  }
}

/** A fault injected through POST /_admin/faults (keeps its status on every API). */
export class InjectedFault extends ApiError {}

export const invalidArgument = (message: string) => new ApiError(400, "INVALID_ARGUMENT", message);
export const unauthenticated = (message: string) => new ApiError(401, "UNAUTHENTICATED", message);
export const permissionDenied = (message: string) => new ApiError(403, "PERMISSION_DENIED", message);
export const notFound = (message: string) => new ApiError(404, "NOT_FOUND", message);
export const conflict = (message: string, code = "CONFLICT") => new ApiError(409, code, message);
export const exhausted = (message: string) => new ApiError(409, "RESOURCE_EXHAUSTED", message);
export const unavailable = (message: string) => new ApiError(503, "UNAVAILABLE", message);

/** Emulator output must match our own schemas; a mismatch is an emulator bug, reported as such. */
export function checkResponse(op: OperationSpec, body: unknown): void {
  const result = op.response.safeParse(body);
  if (!result.success)
    throw new ApiError(
      500,
      "INTERNAL",
      `emulator produced an invalid ${op.operationId} response: ${result.error.message}`,
    );
}

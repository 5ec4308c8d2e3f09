// Errors of the emulated AWS Interconnect API: `__type` + `message` bodies with the model's HTTP statuses, and the
// mapping of the backend's generic ApiErrors (and injected faults) onto them.
import { AWS_ERRORS, type AwsErrorType } from "../../../schema/aws";
import { ApiError, InjectedFault } from "../../http/errors";

/** Error types of the protocol layer (not in the model's service errors, sent by every AWS JSON service). */
export const PROTOCOL_ERRORS = {
  UnknownOperationException: 400,
  SerializationException: 400,
  MissingAuthenticationTokenException: 403,
  UnrecognizedClientException: 403,
  InvalidSignatureException: 403,
  IncompleteSignatureException: 403,
} as const;
export type ProtocolErrorType = keyof typeof PROTOCOL_ERRORS;

export class AwsError extends ApiError {
  constructor(
    readonly type: AwsErrorType | ProtocolErrorType,
    message: string,
    status?: number,
    headers: Record<string, string> = {},
  ) {
    super(
      status ?? (type in AWS_ERRORS ? AWS_ERRORS[type as AwsErrorType] : PROTOCOL_ERRORS[type as ProtocolErrorType]),
      type,
      message,
      headers,
    );
  }

  awsBody(): { __type: string; message: string } {
    return { __type: this.type, message: this.message };
  }
}

export const validationError = (message: string) => new AwsError("InterconnectValidationException", message);
export const clientError = (message: string) => new AwsError("InterconnectClientException", message);
export const resourceNotFound = (message: string) => new AwsError("ResourceNotFoundException", message);
export const serverError = (message: string) => new AwsError("InterconnectServerException", message);

function typeOfStatus(status: number): AwsErrorType {
  if (status === 429) return "ThrottlingException";
  if (status >= 500) return "InterconnectServerException";
  if (status === 404) return "ResourceNotFoundException";
  if (status === 403 || status === 401) return "AccessDeniedException";
  if (status === 402) return "ServiceQuotaExceededException";
  return "InterconnectClientException";
}

/**
 * Any error on the AWS route as an AwsError. Injected faults keep their status (a 503 fault is a 503
 * InterconnectServerException); backend errors use the model's status of the mapped type (a 409 conflict is a 400
 * InterconnectClientException, a 400 INVALID_ARGUMENT an InterconnectValidationException).
 */
export function toAwsError(err: unknown): AwsError {
  if (err instanceof AwsError) return err;
  if (err instanceof InjectedFault) {
    const type = typeOfStatus(err.status);
    return new AwsError(type, err.message, err.status, err.headers);
  }
  if (err instanceof ApiError) {
    if (err.status === 400) return validationError(err.message);
    if (err.status >= 500) return serverError(err.message);
    return new AwsError(typeOfStatus(err.status), err.message, undefined, err.headers);
  }
  return serverError("internal emulator error");
}

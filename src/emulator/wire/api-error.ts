/**
 * Stripe's error responses: one class carrying the HTTP status and the wire envelope, and one factory per kind of
 * refusal so every module words them the same way (api-notes §1.6, verbatim where the notes quote Stripe).
 */

/** The four wire types of §1.6; `authentication_error` and friends never appear on the v1 wire. */
export type WireErrorType = 'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error';

export interface WireError {
  type: WireErrorType;
  message: string;
  code?: string;
  param?: string;
}

/** A refusal: thrown anywhere in request handling, rendered once by the server. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly error: WireError,
    /** Extra response headers, such as `Stripe-Should-Retry`. */
    readonly headers: Record<string, string> = {},
  ) {
    super(error.message);
  }
}

function invalid(status: number, message: string, code?: string, param?: string): ApiError {
  return new ApiError(status, { type: 'invalid_request_error', message, code, param });
}

export const refuse = {
  /** A malformed or unsupported value, with a free-form message. */
  invalid: (message: string, param?: string, code?: string) => invalid(400, message, code, param),
  missing: (param: string) => invalid(400, `Missing required param: ${param}.`, 'parameter_missing', param),
  unknown: (param: string) => invalid(400, `Received unknown parameter: ${param}`, 'parameter_unknown', param),
  exclusive: (...params: string[]) =>
    invalid(400, `You may only specify one of these parameters: ${params.join(', ')}.`, 'parameters_exclusive', params[0]),
  empty: (param: string) =>
    invalid(
      400,
      `You passed an empty string for '${param}'. We assume empty values are an attempt to unset a parameter; however '${param}' cannot be unset. You should remove '${param}' from your request or supply a non-empty value.`,
      'parameter_invalid_empty',
      param,
    ),
  integer: (param: string, value: string) => invalid(400, `Invalid integer: ${value}`, 'parameter_invalid_integer', param),
  /**
   * `No such <word>: '<id>'`, 404 when the id was in the path and 400 when it was a parameter (§1.6); with
   * `otherMode` the cross-mode sentence of §1.4 follows.
   */
  noSuch: (word: string, id: string, param: string, status: 404 | 400, otherMode?: 'test' | 'live') =>
    invalid(
      status,
      `No such ${word}: '${id}'${
        otherMode === undefined
          ? ''
          : `; a similar object exists in ${otherMode} mode, but a ${otherMode === 'test' ? 'live' : 'test'} mode key was used to make this request.`
      }`,
      'resource_missing',
      param,
    ),
  alreadyExists: (word: string, param: string | null) =>
    invalid(400, `${word} already exists.`, 'resource_already_exists', param ?? undefined),
};

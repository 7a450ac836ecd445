import { ClanApiError } from '@clan/api-client';

export interface ErrorView {
  message: string;
  fields: { field: string; message: string }[];
  correlationId?: string;
  code?: string;
  status?: number;
}

/** Turns anything thrown by an API call into words for a person; the API's message wins. */
export function describeError(error: unknown): ErrorView {
  if (error instanceof ClanApiError) {
    return {
      message: error.body.message,
      fields: error.body.fields ?? [],
      // A reference only helps when the panel itself failed; "wrong password" needs none.
      correlationId: error.status >= 500 && error.body.correlationId !== 'none' ? error.body.correlationId : undefined,
      code: error.code,
      status: error.status,
    };
  }
  if (error instanceof TypeError) {
    // fetch rejects with a TypeError when the panel cannot be reached at all.
    return {
      message: 'Cannot reach the panel. Check that it is running and try again.',
      fields: [],
    };
  }
  return {
    message: error instanceof Error ? error.message : 'Something went wrong.',
    fields: [],
  };
}

export function isApiError(error: unknown, code: string): error is ClanApiError {
  return error instanceof ClanApiError && error.code === code;
}

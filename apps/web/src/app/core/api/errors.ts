import { explainError } from '@clan/api-client';

export { isApiError } from '@clan/api-client';

export interface ErrorView {
  message: string;
  fields: { field: string; message: string }[];
  correlationId?: string;
  code?: string;
  status?: number;
}

/** Turns anything thrown by an API call into words for a person; the API's message wins (the facade's explainError). */
export function describeError(error: unknown): ErrorView {
  const { message, fields, correlationId, code, status } = explainError(error);
  // 503: a host component is down (libvirt); the message says what to do, there is no fault to quote.
  return { message, fields, correlationId: status === 503 ? undefined : correlationId, code, status };
}

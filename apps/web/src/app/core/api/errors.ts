import { explainError } from '@clan/api-client';
import { ErrorCode } from '@clan/contracts';

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

/** What a one-time link page (an invite, a reset link) says when its link cannot be used. */
export interface LinkProblemWords {
  /** 404: the token is unknown. */
  invalid: string;
  /** 410: used, withdrawn or expired (the API's sentence says which). */
  gone: string;
  /** Anything else. */
  unreadable: string;
  /** Shown for 404 instead of the API's message. */
  invalidMessage?: string;
}

export function linkProblem(error: ErrorView, words: LinkProblemWords): { title: string; message: string } {
  if (error.status === 404 || error.code === ErrorCode.NotFound)
    return { title: words.invalid, message: words.invalidMessage ?? error.message };
  if (error.status === 410 || error.code === ErrorCode.Gone) return { title: words.gone, message: error.message };
  return { title: words.unreadable, message: error.message };
}

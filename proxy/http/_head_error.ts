/**
 * The failure value every head parser returns instead of throwing: an HTTP
 * status to answer with, a stable dotted code for the audit log, and one line
 * of plain words.
 */

/** Statuses a request head can be refused with. */
export type HeadErrorStatus = 400 | 405 | 414 | 431 | 501 | 505;

/** Why a head was refused. */
export type HeadError = {
  readonly kind: "error";
  readonly status: HeadErrorStatus;
  readonly code: string;
  readonly reason: string;
};

/** Builds a head error. */
export function headError(status: HeadErrorStatus, code: string, reason: string): HeadError {
  return { kind: "error", status, code, reason };
}

// The one failure of a single sign-on: a message safe to show the person, and a short reason for the audit log.

/** Every refused or failed sign-on. `message` never contains a token, a code or provider output. */
export class SsoError extends Error {
  override name = 'SsoError';
  constructor(
    /** Snake-case cause, e.g. `state_unknown`, `email_unverified`, `token_invalid`. */
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

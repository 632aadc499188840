/** Exit codes a script or scheduler can rely on; documented in the README. */
export const ExitCode = {
  ok: 0,
  failure: 1,
  userError: 2,
  busy: 3,
  needsReview: 4,
  policyBlocked: 5,
} as const;

/** An error the user can fix (bad file, bad option, bad config): printed as one line, no stack. */
export class UserError extends Error {
  constructor(message: string, readonly exitCode: number = ExitCode.userError) {
    super(message);
    this.name = 'UserError';
  }
}

/** Another listgate process holds the lock this command needs. */
export class BusyError extends UserError {
  constructor(message: string) {
    super(message, ExitCode.busy);
    this.name = 'BusyError';
  }
}

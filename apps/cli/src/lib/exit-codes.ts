/** Process exit codes; documented in docs/cli.md — keep the two in step. */
export enum ExitCode {
  Ok = 0,
  /** The panel answered with an error (4xx/5xx), or health is degraded. */
  ApiError = 1,
  /** Bad command line: unknown command/option, missing argument, bad value. */
  Usage = 2,
  /** The panel could not be reached at all (connection refused, DNS, timeout). */
  Unreachable = 3,
  /** A followed task (`task log --follow`, vm power actions, deploy, generation rollback/gc) failed or was cancelled. */
  TaskFailed = 4,
}

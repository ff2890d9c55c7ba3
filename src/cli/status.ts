/** What a command ends with; `statusToExitCode` is the only place that turns it into a process exit code. */
export type Status = 'ok' | 'changes' | 'drift' | 'error';

export function statusToExitCode(status: Status): 0 | 1 | 2 {
  switch (status) {
    case 'ok':
      return 0;
    case 'changes':
    case 'drift':
      return 2;
    case 'error':
      return 1;
  }
}

/** Thrown by VM jobs with a sentence for the task's error. */
export class VmJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VmJobError';
  }
}

/**
 * A JSON answer serialised once and sent as these bytes (with its ETag) for as
 * long as it stays fresh: PanelExpressAdapter sends it without stringifying
 * or hashing again. `T` is the DTO it was made from, for the reader.
 */
export class PreparedJson<T = unknown> {
  /** Weak ETag of the bytes, computed by the first send (Express's own etag function, so 304s work as before). */
  etag: string | undefined;

  private constructor(readonly bytes: Buffer) {}

  static of<T>(value: T): PreparedJson<T> {
    return new PreparedJson<T>(Buffer.from(JSON.stringify(value), 'utf8'));
  }

  /** The DTO again (tests, and callers that need the value rather than the bytes). */
  value(): T {
    return JSON.parse(this.bytes.toString('utf8')) as T;
  }
}

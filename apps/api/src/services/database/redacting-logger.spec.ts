import { Logger } from '@nestjs/common';
import { RedactingTypeOrmLogger } from './redacting-logger';

describe('RedactingTypeOrmLogger', () => {
  it('logs failed queries without their parameters', () => {
    const spy = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    (new RedactingTypeOrmLogger().logQueryError as (e: Error, q: string, p: unknown[]) => void)(
      new Error('duplicate key'),
      'INSERT INTO api_tokens (secret_hash) VALUES ($1)',
      ['deadbeefsecret'],
    );
    const logged = spy.mock.calls.map((c) => String(c[0])).join('\n');
    expect(logged).toContain('duplicate key');
    expect(logged).toContain('INSERT INTO api_tokens');
    expect(logged).not.toContain('deadbeefsecret');
    spy.mockRestore();
  });
});

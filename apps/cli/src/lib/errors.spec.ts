import { ClanApiError } from '@clan/api-client';
import { describeError, networkReason, UnreachableError, UsageError } from './errors';
import { ExitCode } from './exit-codes';

const api = (status: number, code: string, message: string, fields?: { field: string; message: string }[]) =>
  new ClanApiError(status, {
    code,
    message,
    correlationId: 'c0ffee',
    ...(fields ? { fields } : {}),
  });

describe('describeError', () => {
  it('tells an unreachable panel how to start it (exit 3)', () => {
    const d = describeError(new UnreachableError('http://localhost:8080', 'ECONNREFUSED'));
    expect(d.exitCode).toBe(ExitCode.Unreachable);
    expect(d.message).toBe('Cannot reach the panel at http://localhost:8080: ECONNREFUSED — is it running? Start it with `npm start`.');
    expect(d.json.error.code).toBe('UNREACHABLE');
  });

  it('sends a 401 to login', () => {
    const d = describeError(api(401, 'UNAUTHENTICATED', 'Sign in first.'));
    expect(d.exitCode).toBe(ExitCode.ApiError);
    expect(d.message).toMatch(/^Not signed in: run `clanctl login` or pass --token\./);
  });

  it('keeps the API message for wrong credentials', () => {
    expect(describeError(api(401, 'INVALID_CREDENTIALS', 'Wrong user name or password.')).message).toBe('Wrong user name or password.');
  });

  it("shows a 403 with the API's message", () => {
    expect(describeError(api(403, 'FORBIDDEN', 'This needs Sys.Audit.')).message).toBe('Forbidden: This needs Sys.Audit.');
  });

  it('lists the fields of a validation error', () => {
    const d = describeError(api(400, 'VALIDATION_FAILED', 'name must be shorter', [{ field: 'name', message: 'must be shorter' }]));
    expect(d.message).toBe('Invalid request: name must be shorter\n  - name: must be shorter');
    expect(d.json.error).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'name must be shorter',
      status: 400,
      correlationId: 'c0ffee',
      fields: [{ field: 'name', message: 'must be shorter' }],
    });
  });

  it('lists configuration errors by their JSON path', () => {
    const d = describeError(
      api(400, 'VALIDATION_FAILED', 'Invalid configuration (2 problems): …', [
        { field: '$.default.applications.syncthing.sharedFolders[0]', message: 'must be an absolute path' },
        { field: '$["anna-laptop"].resources.vcpus', message: 'vCPUs must be at most 64.' },
      ]),
    );
    expect(d.exitCode).toBe(ExitCode.ApiError);
    expect(d.message).toBe(
      [
        'Invalid configuration (2 problems); nothing was committed:',
        '  $.default.applications.syncthing.sharedFolders[0]: must be an absolute path',
        '  $["anna-laptop"].resources.vcpus: vCPUs must be at most 64.',
      ].join('\n'),
    );
    expect(d.json.error.fields).toHaveLength(2);
  });

  it('quotes the correlation id of server failures', () => {
    expect(describeError(api(500, 'INTERNAL', 'Something went wrong.')).message).toMatch(/correlation id c0ffee/);
  });

  it('maps usage errors to exit 2', () => {
    expect(describeError(new UsageError('bad')).exitCode).toBe(ExitCode.Usage);
  });
});

describe('networkReason', () => {
  it('finds the errno code in fetch failures, also inside AggregateErrors', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), {
      code: 'ECONNREFUSED',
    });
    expect(networkReason(Object.assign(new TypeError('fetch failed'), { cause: refused }))).toBe('ECONNREFUSED');
    const agg = Object.assign(new AggregateError([refused], ''), {
      code: 'ECONNREFUSED',
    });
    expect(networkReason(Object.assign(new TypeError('fetch failed'), { cause: agg }))).toBe('ECONNREFUSED');
    expect(networkReason(new TypeError('fetch failed', { cause: new Error('bad port') }))).toBe('bad port');
  });
});

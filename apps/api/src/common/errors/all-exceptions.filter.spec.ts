import { ErrorCode } from '@clan/contracts';
import { LibvirtConnectionError, libvirtUnavailableMessage } from '@clan/libvirt-client';
import { QueryFailedError } from 'typeorm';
import { toErrorResponse } from './all-exceptions.filter';

describe('toErrorResponse: libvirt unavailable', () => {
  it('answers 503 LIBVIRT_UNAVAILABLE with what to do, not a 500', () => {
    const err = new LibvirtConnectionError('list domains: failed to connect socket', 'failed to connect socket', 'qemu:///system');
    expect(toErrorResponse(err, 'c1')).toEqual({
      status: 503,
      body: { code: ErrorCode.LibvirtUnavailable, message: libvirtUnavailableMessage('qemu:///system'), correlationId: 'c1' },
      headers: undefined,
    });
  });

  it('says to install libvirt when virsh is missing', () => {
    const { status, body } = toErrorResponse(new LibvirtConnectionError('virsh is not installed', undefined, 'qemu:///system', true), 'c2');
    expect(status).toBe(503);
    expect(body.message).toContain('sudo apt-get install libvirt-clients libvirt-daemon-system');
  });

  it('still hides other failures behind a 500 with the correlation id', () => {
    expect(toErrorResponse(new Error('boom'), 'c3')).toMatchObject({
      status: 500,
      body: { code: ErrorCode.Internal, correlationId: 'c3' },
    });
  });
});

describe('toErrorResponse: database refusals are 4xx', () => {
  const pg = (code: string, extra: Record<string, string> = {}) =>
    new QueryFailedError('INSERT …', [], Object.assign(new Error('db'), { code, severity: 'ERROR', ...extra }));

  it('maps a missing referenced row to 404 naming the thing and the field', () => {
    const { status, body } = toErrorResponse(pg('23503', { detail: 'Key (network_id)=(6f1c…) is not present in table "networks".' }), 'c4');
    expect(status).toBe(404);
    expect(body).toMatchObject({
      code: ErrorCode.NotFound,
      message: 'The network this request refers to does not exist.',
      fields: [{ field: 'networkId', message: 'does not exist' }],
    });
  });

  it('maps a row still referenced to 409 and a duplicate to 409 without echoing the value', () => {
    expect(toErrorResponse(pg('23503', { detail: 'Key (id)=(1) is still referenced from table "x".' }), 'c').status).toBe(409);
    const dup = toErrorResponse(pg('23505', { detail: 'Key (name)=(secret-value) already exists.' }), 'c');
    expect(dup.status).toBe(409);
    expect(JSON.stringify(dup.body)).not.toContain('secret-value');
    expect(dup.body.message).toBe('Something with the same name already exists.');
  });

  it.each(['22P05', '22021', '22003', '22P02', '22001'])('maps %s to 400 VALIDATION_FAILED', (code) => {
    expect(toErrorResponse(pg(code), 'c')).toMatchObject({ status: 400, body: { code: ErrorCode.ValidationFailed } });
  });

  it('leaves other database failures a 500 (a connection lost is not bad input)', () => {
    expect(toErrorResponse(pg('57P01'), 'c').status).toBe(500);
    expect(toErrorResponse(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), 'c').status).toBe(500);
  });

  it('names the 1 MB limit on a 413', () => {
    const { status, body } = toErrorResponse({ status: 413, type: 'entity.too.large', message: 'request entity too large' }, 'c');
    expect(status).toBe(413);
    expect(body.message).toContain('1 MB');
  });
});

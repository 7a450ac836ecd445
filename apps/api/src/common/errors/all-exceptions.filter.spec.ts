import { ErrorCode } from '@clan/contracts';
import { LibvirtConnectionError, libvirtUnavailableMessage } from '@clan/libvirt-client';
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

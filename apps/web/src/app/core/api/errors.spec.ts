import { ClanApiError } from '@clan/api-client';
import { describeError } from './errors';

describe('describeError', () => {
  it('gives a 500 its reference to quote', () => {
    const e = describeError(
      new ClanApiError(500, { code: 'INTERNAL', message: 'Something went wrong on the server.', correlationId: 'c1' }),
    );
    expect(e).toMatchObject({ status: 500, correlationId: 'c1' });
  });

  it('shows a 503 (libvirt down) as its sentence of what to do, without a reference', () => {
    const message = 'libvirt is not reachable at qemu:///system: start it with `sudo systemctl start libvirtd`.';
    const e = describeError(new ClanApiError(503, { code: 'LIBVIRT_UNAVAILABLE', message, correlationId: 'c2' }));
    expect(e).toEqual({ message, fields: [], correlationId: undefined, code: 'LIBVIRT_UNAVAILABLE', status: 503 });
  });
});

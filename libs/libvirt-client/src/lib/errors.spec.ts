import { classifyVirshFailure, LibvirtConnectionError, LibvirtError, LibvirtErrorCode, LibvirtNotFoundError } from './errors';

describe('classifyVirshFailure', () => {
  it.each([
    ['error: failed to connect to the hypervisor\nerror: no connection driver available for bogus:///x', LibvirtErrorCode.Connection],
    [
      "error: failed to connect to the hypervisor\nerror: Failed to connect socket to '/run/libvirt/libvirt-sock': No such file or directory",
      LibvirtErrorCode.Connection,
    ],
    ['error: End of file while reading data: Input/output error', LibvirtErrorCode.Connection],
    ["error: failed to get domain 'nosuch'", LibvirtErrorCode.NotFound],
    ["error: Storage volume not found: no storage vol with matching name 'x'", LibvirtErrorCode.NotFound],
    ["error: failed to get pool 'p'", LibvirtErrorCode.NotFound],
    ["error: operation failed: domain 'a' already exists with uuid 1234", LibvirtErrorCode.AlreadyExists],
    [
      "error: Failed to start domain 'a'\nerror: Requested operation is not valid: domain is already running",
      LibvirtErrorCode.InvalidState,
    ],
    ['error: Domain is already active', LibvirtErrorCode.InvalidState],
    ['error: internal error: something odd', LibvirtErrorCode.Failed],
    ['', LibvirtErrorCode.Failed],
  ])('%s → %s', (stderr, code) => {
    const e = classifyVirshFailure('act', stderr);
    expect(e).toBeInstanceOf(LibvirtError);
    expect(e.code).toBe(code);
    expect(e.message.startsWith('act: ')).toBe(true);
    expect(e.message).not.toMatch(/(^|: |; )error:/);
  });

  it('uses subclasses with a name', () => {
    const e = classifyVirshFailure('x', "error: failed to get domain 'a'");
    expect(e).toBeInstanceOf(LibvirtNotFoundError);
    expect(e.name).toBe('LibvirtNotFoundError');
    expect(new LibvirtConnectionError('m').code).toBe(LibvirtErrorCode.Connection);
  });
});

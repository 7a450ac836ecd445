import { assertMayUpdateUser, type UserTarget } from './user-admin-rules';

const admin: UserTarget = { id: 'a', username: 'anna', isHostAdmin: true, disabled: false };
const member: UserTarget = { id: 'm', username: 'max', isHostAdmin: false, disabled: false };

describe('assertMayUpdateUser', () => {
  it('lets a host admin rename, promote, disable and re-enable others', () => {
    expect(() => assertMayUpdateUser('a', member, { displayName: 'Max M.', isHostAdmin: true }, 1)).not.toThrow();
    expect(() => assertMayUpdateUser('a', member, { disabled: true }, 1)).not.toThrow();
    expect(() => assertMayUpdateUser('a', { ...member, disabled: true }, { disabled: false }, 1)).not.toThrow();
  });

  it('refuses disabling yourself, with a sentence', () => {
    expect(() => assertMayUpdateUser('a', admin, { disabled: true }, 2)).toThrow(
      'You cannot disable your own account; ask another host admin to do it.',
    );
  });

  it('keeps the last enabled host admin a host admin and enabled', () => {
    expect(() => assertMayUpdateUser('x', admin, { isHostAdmin: false }, 1)).toThrow(
      'anna is the last host admin; make someone else a host admin first.',
    );
    expect(() => assertMayUpdateUser('x', admin, { disabled: true }, 1)).toThrow(
      'anna is the last host admin and cannot be disabled; make someone else a host admin first.',
    );
    expect(() => assertMayUpdateUser('x', admin, { isHostAdmin: false }, 2)).not.toThrow();
  });

  it('lets a disabled host admin lose the role even when only one other admin is enabled', () => {
    expect(() => assertMayUpdateUser('x', { ...admin, disabled: true }, { isHostAdmin: false }, 1)).not.toThrow();
  });

  it('answers 409', () => {
    try {
      assertMayUpdateUser('a', admin, { disabled: true }, 2);
    } catch (e) {
      expect((e as { code: string }).code).toBe('CONFLICT');
    }
    expect.assertions(1);
  });
});

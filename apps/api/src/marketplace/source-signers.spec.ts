import { allowedSignersFile, parseSignerKey, parseSigners, SIGNERS_MAX, verifiedProblem } from './source-signers';

// Public keys made with ssh-keygen for this test (nothing else uses them).
const ED25519 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFpej/6iOFPP48wBxYRGpLPJmNKuepUz6xgtg+mFVTG4';
const ED25519_OTHER = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIObOBikmm2fptw375dez6gw4V7UieJIWygUy1MQPvKCJ';
const RSA =
  'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCgeu4X4iBxWgOfGD+kpZAR5C9NROcu2ioAr4h/FRTFPBzBSYLyZjQFDb8c7JkmXniDO+wA4OfkI3XI5qd6qVJGkX9DhqIFwX/v0zUXLO7af1/iaI+5iErj0C+iqDniTlR7IOBk5IFNkWn2D8aWgMWr1o0XML9xEUf8CNJOwY9EqLDBio6q72uybNdVEME1Bqfj71p4LQACJDxcOz0+R7Wwl6DpbixNbidYhhVhgRgf+HpyIajdgK0Q7NhOctUSbaM5vlE2kYVTeaxO5zg34u4HRKQeVCp8hHiBZBZlKOImh6uSrKXMy3VoVFoNX3w/MPe3P+t05Lj9ZV47EGlmdqAR';
const ECDSA256 =
  'ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBCjjMd2I8al8nVQkfiDmIc4bWgwWIy/0CA5ykzzz5G+zex6ZooUyb3QeWLtm0ytH7hJxSDGHgrN17wMBBg2z6s0=';
const ECDSA384 =
  'ecdsa-sha2-nistp384 AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzODQAAABhBEfev6y1V0L/tGOLRscJO/bFyVVoGBC7zmjJYkr557cSu24wOzrlRAsA/Myn+26iJYubyv7OG3Pu0RaB4vjHs/MVjBFyX/8iu5U6lu7ztog9upJGz1X6Wy60UcP1qKIT+Q==';

describe('signer keys of verified marketplace sources', () => {
  it('accepts SSH public keys as .pub files hold them, with or without a comment', () => {
    expect(parseSignerKey(`${ED25519} ada@example.org`)).toEqual({
      type: 'ssh-ed25519',
      blob: ED25519.split(' ')[1],
      comment: 'ada@example.org',
    });
    expect(parseSignerKey(`${RSA} ci@build`)).toMatchObject({ type: 'ssh-rsa', comment: 'ci@build' });
    expect(parseSignerKey(ECDSA256)).toMatchObject({ type: 'ecdsa-sha2-nistp256', comment: null });
    expect(parseSignerKey(`${ECDSA384} root@vm`)).toMatchObject({ type: 'ecdsa-sha2-nistp384' });
    expect(parseSignerKey(`${ED25519} Ada Author (laptop)`)).toMatchObject({ comment: 'Ada Author (laptop)' });
  });

  it('normalises blanks around and between the fields', () => {
    expect(parseSigners([`  ${ED25519.replace(' ', '\t ')}   ada@example.org \n`])).toEqual({ keys: [`${ED25519} ada@example.org`] });
  });

  it('refuses what is not an SSH public key with a sentence naming the entry', () => {
    expect(parseSignerKey('', 'Signer 1')).toMatch(/^Signer 1 is empty: write one SSH public key per entry as its \.pub file holds it/);
    expect(parseSignerKey('hello world', 'Signer 2')).toMatch(/^Signer 2 is not an SSH public key: .* Key types: ssh-ed25519, ssh-rsa, /);
    expect(parseSignerKey(`cert-authority ${ED25519}`)).toMatch(/is not an SSH public key/);
    expect(parseSignerKey(`ssh-dss ${ED25519.split(' ')[1]}`)).toMatch(
      /has the key type "ssh-dss", which is not one verified sources take/,
    );
    expect(parseSignerKey('ssh-ed25519 not*base64')).toMatch(/is not a well-formed ssh-ed25519 public key/);
    expect(parseSignerKey(`ssh-ed25519 ${ED25519.split(' ')[1].slice(0, 40)}`)).toMatch(/does not hold a ssh-ed25519 key/);
    // An ed25519 blob under another type's name.
    expect(parseSignerKey(`ssh-rsa ${ED25519.split(' ')[1]}`)).toMatch(/does not hold a ssh-rsa key/);
    expect(parseSignerKey(`${ED25519} ada\nssh-rsa x`)).toMatch(/spans several lines/);
    expect(parseSignerKey(42)).toMatch(/is empty/);
  });

  it('says GPG keys are not supported yet, and that a private key is the wrong half', () => {
    const armored = '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQINBF…\n-----END PGP PUBLIC KEY BLOCK-----';
    expect(parseSignerKey(armored, 'Signer 1')).toMatch(
      /^Signer 1 looks like a GPG key; verified sources check SSH signatures only \(GPG is not supported yet\)/,
    );
    expect(parseSignerKey('4AEE 18F8 3AFD EB23 B2F7  1F14 CF1C 2A49 7B1A 4F3B')).toMatch(/looks like a GPG key/);
    expect(parseSignerKey('-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----')).toMatch(
      /is a private key: give the public key \(the \.pub file\) instead/,
    );
  });

  it('checks the list: at most SIGNERS_MAX keys, each once', () => {
    expect(parseSigners([ED25519, `${ED25519_OTHER} other`, RSA])).toEqual({ keys: [ED25519, `${ED25519_OTHER} other`, RSA] });
    expect(parseSigners([])).toEqual({ keys: [] });
    expect(parseSigners(Array.from({ length: SIGNERS_MAX + 1 }, () => ED25519))).toEqual({
      problem: `A source lists at most ${SIGNERS_MAX} signer keys; ${SIGNERS_MAX + 1} were given.`,
    });
    expect(parseSigners([ED25519, RSA, `${ED25519} again`])).toEqual({
      problem: 'Signer 3 is the same key as signer 1; list each key once.',
    });
    expect(parseSigners([ED25519, 'nope'])).toEqual({ problem: expect.stringMatching(/^Signer 2 is not an SSH public key/) });
    expect(parseSigners('ssh-ed25519 AAAA')).toEqual({ problem: expect.stringMatching(/^signers must be a list of SSH public keys/) });
  });

  it('a verified source needs a key', () => {
    expect(verifiedProblem(true, [])).toBe(
      'A verified source needs at least one signer key: list the SSH public keys whose signatures its commits must carry.',
    );
    expect(verifiedProblem(true, [ED25519])).toBeNull();
    expect(verifiedProblem(false, [])).toBeNull();
  });

  it('writes the allowed-signers file: one principal per key, the git namespace only, no comments', () => {
    expect(allowedSignersFile([`${ED25519} ada@example.org`, ECDSA256])).toBe(
      `signer-1 namespaces="git" ${ED25519}\nsigner-2 namespaces="git" ${ECDSA256}\n`,
    );
    expect(allowedSignersFile([])).toBe('');
  });
});

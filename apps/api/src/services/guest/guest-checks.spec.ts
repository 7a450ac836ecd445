import { GuestRefusedError, GuestUnreachableError } from './guest-channel';
import { isUnknownCheck, parseGuestChecks } from './guest-checks';
import type { GuestTokens } from './guest-tokens';
import { Guests } from './guest.service';

const TARGET = { networkId: 'net-1', machine: 'anna', socketPath: '/tmp/x/health.sock' };

describe('parseGuestChecks', () => {
  it("takes CHECK's answer as it is: name, ok and the last line each check printed", () => {
    expect(
      parseGuestChecks({
        checks: [
          { name: 'check-syncthing', ok: true, detail: 'Syncthing answers on http://127.0.0.1:8384/rest/noauth/health.' },
          { name: 'check-state', ok: false, detail: 'The state disk is not mounted at /state.' },
        ],
      }),
    ).toEqual([
      { name: 'check-syncthing', ok: true, detail: 'Syncthing answers on http://127.0.0.1:8384/rest/noauth/health.' },
      { name: 'check-state', ok: false, detail: 'The state disk is not mounted at /state.' },
    ]);
    expect(parseGuestChecks({ checks: [] })).toEqual([]);
  });

  it('keeps a detail on one readable line of at most 300 characters', () => {
    const [c] = parseGuestChecks({ checks: [{ name: 'check-x', ok: false, detail: `a\u0000b\u001b[31m\tc ${'x'.repeat(400)}` }] });
    expect(c.detail).toMatch(/^a b \[31m c x+$/);
    expect(c.detail).toHaveLength(300);
  });

  it('refuses an answer that is not a list of {name, ok, detail}', () => {
    expect(() => parseGuestChecks({ hook: 'x' })).toThrow("The controller's CHECK answer has no list of checks");
    expect(() => parseGuestChecks(null)).toThrow('no list of checks');
    expect(() => parseGuestChecks({ checks: [{ name: 'check-x', ok: 'yes', detail: '' }] })).toThrow(
      "Check 1 of the controller's CHECK answer is not {name, ok, detail}",
    );
    expect(() => parseGuestChecks({ checks: [{ ok: true, detail: '' }] })).toThrow('is not {name, ok, detail}');
    expect(() => parseGuestChecks({ checks: [null] })).toThrow('is not {name, ok, detail}');
  });

  it("knows an older controller's answer to CHECK", () => {
    expect(isUnknownCheck("Unknown request 'CHECK'; this controller knows FACTS, HOOK, FREEZE, THAW, BACKUP and RESTORE.")).toBe(true);
    expect(isUnknownCheck("The request's token is not this machine's controller token; nothing was run.")).toBe(false);
  });
});

describe('Guests.checks', () => {
  const tokens = { tokenFor: () => 'token-of-anna' } as unknown as GuestTokens;
  afterEach(() => jest.restoreAllMocks());

  it('sends CHECK with the machine token and a long wait, and returns the parsed checks', async () => {
    const guests = new Guests(tokens);
    const request = jest.fn().mockResolvedValue({ checks: [{ name: 'check-state', ok: true, detail: 'fine' }] });
    jest.spyOn(guests, 'channel').mockReturnValue({ request } as never);
    expect(await guests.checks(TARGET)).toEqual([{ name: 'check-state', ok: true, detail: 'fine' }]);
    expect(request).toHaveBeenCalledWith('CHECK', [], { token: 'token-of-anna', timeoutMs: 600_000 });
  });

  it('is null for a controller from before CHECK; any other refusal or silence is passed on', async () => {
    const guests = new Guests(tokens);
    const request = jest
      .fn()
      .mockRejectedValueOnce(
        new GuestRefusedError("Unknown request 'CHECK'; this controller knows FACTS, HOOK, FREEZE, THAW, BACKUP and RESTORE."),
      )
      .mockRejectedValueOnce(new GuestRefusedError("The request's token is not this machine's controller token; nothing was run."))
      .mockRejectedValueOnce(new GuestUnreachableError('The controller did not answer within 600 s.'));
    jest.spyOn(guests, 'channel').mockReturnValue({ request } as never);
    expect(await guests.checks(TARGET)).toBeNull();
    await expect(guests.checks(TARGET)).rejects.toBeInstanceOf(GuestRefusedError);
    await expect(guests.checks(TARGET)).rejects.toBeInstanceOf(GuestUnreachableError);
  });
});

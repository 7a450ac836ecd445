import { authorFor } from './git-author';

describe('authorFor', () => {
  it('uses the display name, else the username, and an address naming the account', () => {
    expect(authorFor({ username: 'ada', displayName: 'Ada Lovelace' })).toEqual({ name: 'Ada Lovelace', email: 'ada@users.clan.invalid' });
    expect(authorFor({ username: 'ada', displayName: '' })).toEqual({ name: 'ada', email: 'ada@users.clan.invalid' });
  });

  it('removes what git would refuse or misread in an ident', () => {
    expect(authorFor({ username: 'eve', displayName: 'Eve <evil@x>\nInjected: yes' }).name).toBe('Eve evil@x Injected: yes');
    expect(authorFor({ username: 'eve', displayName: '<<>>' }).name).toBe('eve');
    expect(authorFor({ username: '...', displayName: '...' }).name).toBe('cLAN user');
  });
});

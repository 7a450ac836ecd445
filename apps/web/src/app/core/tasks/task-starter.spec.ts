import { taskStarter } from './task-starter';

describe('taskStarter', () => {
  const me = { id: 'u1', displayName: 'Vera V.', username: 'vera' };

  it('names the starter by the name the API recorded, never by id', () => {
    expect(taskStarter({ userId: 'u2', userName: 'Anna Admin' }, me)).toBe('Anna Admin');
    expect(taskStarter({ userId: '1f770fd4-0000-4000-8000-000000000000', userName: null }, me)).toBe('a removed user');
  });

  it('falls back to the signed-in person for their own tasks, and says "the panel" for its own work', () => {
    expect(taskStarter({ userId: 'u1', userName: null }, me)).toBe('Vera V.');
    expect(taskStarter({ userId: 'u1' }, { ...me, displayName: '' })).toBe('vera');
    expect(taskStarter({ userId: null, userName: null }, me)).toBe('the panel');
  });
});

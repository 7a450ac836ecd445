import { EMPTY_POLICY_FORM, formFieldOf, messagesFor, policyRequest } from './network-backups-policy';

describe('policyRequest', () => {
  it('sends a machine policy with its paths, schedule and retention', () => {
    const body = policyRequest({
      ...EMPTY_POLICY_FORM,
      subject: 'machine/nas',
      repositoryId: 'r1',
      paths: ' /srv/photos \n\n/srv/docs\n',
      keepLast: 3,
      lateAfterHours: 30,
    });
    expect(body).toEqual({
      repositoryId: 'r1',
      subjectKind: 'machine',
      subjectName: 'nas',
      paths: ['/srv/photos', '/srv/docs'],
      schedule: '0 3 * * *',
      keepLast: 3,
      keepDaily: 7,
      keepWeekly: 4,
      keepMonthly: 6,
      lateAfterHours: 30,
    });
  });

  it('leaves empty fields to the API defaults and never schedules a device (it backs itself up)', () => {
    const body = policyRequest({
      ...EMPTY_POLICY_FORM,
      subject: 'device/laptop-anna',
      repositoryId: 'r2',
      keepDaily: null,
      keepWeekly: null,
      keepMonthly: null,
    });
    expect(body).toEqual({ repositoryId: 'r2', subjectKind: 'device', subjectName: 'laptop-anna' });
  });
});

describe('API messages on the form', () => {
  it('finds the form field of nested API field paths', () => {
    expect(formFieldOf('paths')).toBe('paths');
    expect(formFieldOf('paths[1]')).toBe('paths');
    expect(formFieldOf('preHooks[0].name')).toBe('preHooks');
  });

  it('collects the messages of one field', () => {
    const fields = [
      { field: 'paths[0]', message: 'paths must be absolute' },
      { field: 'schedule', message: 'schedule must be five-field cron' },
      { field: 'paths[2]', message: 'paths must be normalised' },
    ];
    expect(messagesFor(fields, 'paths')).toEqual(['paths must be absolute', 'paths must be normalised']);
    expect(messagesFor(fields, 'keepLast')).toEqual([]);
  });
});

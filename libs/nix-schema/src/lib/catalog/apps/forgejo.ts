import { booleanField, portField, strictObject, textField } from '../../fields';
import { goIniProblem } from '../../go-ini';
import { defineApp } from '../types';

export const forgejoOptions = strictObject('Forgejo settings', {
  enable: booleanField({ title: 'Enable Forgejo', description: 'Run a Forgejo Git server on this machine.' }, false),
  httpPort: portField({ title: 'Web port', description: 'Port of the web interface and Git over HTTP, on the mesh interface.' }, 3000),
  sshPort: portField({ title: 'SSH port', description: 'Port of Git over SSH, on the mesh interface.' }, 2222),
  allowRegistration: booleanField(
    {
      title: 'Allow registration',
      description: 'Let anyone who reaches the server create an account. Off: the administrator creates accounts.',
    },
    false,
  ),
  appName: textField({ title: 'Site name', description: 'Name shown in the page title and header.' }, 'Forgejo').superRefine((v, ctx) => {
    const problem = goIniProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: `Site name ${problem}.` });
  }),
});

export const forgejo = defineApp({
  key: 'forgejo',
  title: 'Forgejo',
  description: 'A self-hosted Git forge: repositories, issues and pull requests.',
  order: 30,
  nixosModule: 'services.forgejo',
  options: forgejoOptions,
  hasEnable: true,
  state: { paths: ['/var/lib/forgejo'] },
  ports: (o) => [
    { port: o.httpPort, protocol: 'tcp', option: 'httpPort', description: 'Web interface' },
    { port: o.sshPort, protocol: 'tcp', option: 'sshPort', description: 'Git over SSH' },
  ],
  web: { label: 'forgejo', port: (o) => o.httpPort },
});

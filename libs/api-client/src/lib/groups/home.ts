import type { ClanClient } from '../client';
import { unwrap } from '../errors';

/** The member's home (docs/api.md, "Home"): what is theirs, in words, and asking the admins for help. */
export class HomeApi {
  constructor(private readonly client: ClanClient) {}

  /** The caller's networks with their apps, machines, own devices and admins. */
  get() {
    return unwrap(this.client.GET('/api/me/home'));
  }

  /** Tells the network's admins "<you> asks for remote help: <message>"; answers a sentence saying who was told. */
  askForHelp(networkId: string, message: string) {
    return unwrap(this.client.POST('/api/networks/{networkId}/help-requests', { params: { path: { networkId } }, body: { message } }));
  }
}

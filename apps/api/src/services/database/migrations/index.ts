import { Foundation1795431082798 } from './1795431082798-foundation';
import { MachineState1795434302058 } from './1795434302058-machine-state';
import { VmManager1795449170670 } from './1795449170670-vm-manager';
import { Metrics1795450368610 } from './1795450368610-metrics';
import { Mesh1795456290863 } from './1795456290863-mesh';
import { MeshHostInvites1795460315101 } from './1795460315101-mesh-host-invites';
import { Backups1795460539850 } from './1795460539850-backups';
import { Consoles1795460665432 } from './1795460665432-consoles';
import { Notifications1795460700000 } from './1795460700000-notifications';
import { MeshLayer1795460800000 } from './1795460800000-mesh-layer';
import { NetworkSystem1795460900000 } from './1795460900000-network-system';
import { People1795461000000 } from './1795461000000-people';
import { AppCredentials1795461400000 } from './1795461400000-app-credentials';
import { Pki1795461500000 } from './1795461500000-pki';
import { BackupVerifications1795461600000 } from './1795461600000-backup-verifications';
import { Updates1795461800000 } from './1795461800000-updates';
import { UpdateRollouts1796639366661 } from './1796639366661-update-rollouts';
import { MeshAgents1796726000000 } from './1796726000000-mesh-agents';
import { MeshYggdrasilKeys1796727000000 } from './1796727000000-mesh-yggdrasil-keys';
import { Marketplace1796728000000 } from './1796728000000-marketplace';
import { MarketplaceReviews1796729000000 } from './1796729000000-marketplace-reviews';
import { MarketplaceSigners1796730000000 } from './1796730000000-marketplace-signers';
import { FleetHosts1796731000000 } from './1796731000000-fleet-hosts';
import { FleetUnlock1796732000000 } from './1796732000000-fleet-unlock';

/** Every migration, in order. Generate new ones with `npm run db:migration -- <Name>`. */
export const MIGRATIONS = [
  Foundation1795431082798,
  MachineState1795434302058,
  VmManager1795449170670,
  Metrics1795450368610,
  Mesh1795456290863,
  MeshHostInvites1795460315101,
  Backups1795460539850,
  Consoles1795460665432,
  Notifications1795460700000,
  MeshLayer1795460800000,
  NetworkSystem1795460900000,
  People1795461000000,
  AppCredentials1795461400000,
  Pki1795461500000,
  BackupVerifications1795461600000,
  Updates1795461800000,
  UpdateRollouts1796639366661,
  MeshAgents1796726000000,
  MeshYggdrasilKeys1796727000000,
  Marketplace1796728000000,
  MarketplaceReviews1796729000000,
  MarketplaceSigners1796730000000,
  FleetHosts1796731000000,
  FleetUnlock1796732000000,
];

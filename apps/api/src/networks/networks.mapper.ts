import { NETWORK_SYSTEM_LABELS, type NetworkRole } from '@clan/contracts';
import type { UserEntity } from '../users/user.entity';
import type { MemberDto } from './dto/member.dto';
import type { MyRole, NetworkDto } from './dto/network.dto';
import type { NetworkMemberEntity } from './network-member.entity';
import type { NetworkEntity } from './network.entity';

/** What the network's updates need from an admin, for the tree's badge (docs/updates.md). */
export interface NetworkUpdateFlags {
  updateAvailable: boolean;
  rolloutHalted: boolean;
}

export const NO_UPDATE_FLAGS: NetworkUpdateFlags = { updateAvailable: false, rolloutHalted: false };

export function toNetworkDto(
  n: NetworkEntity,
  memberCount: number,
  myRole: MyRole,
  flags: NetworkUpdateFlags = NO_UPDATE_FLAGS,
): NetworkDto {
  return {
    id: n.id,
    name: n.name,
    description: n.description,
    system: n.system,
    systemLabel: NETWORK_SYSTEM_LABELS[n.system] ?? n.system,
    createdAt: n.createdAt.toISOString(),
    updatedAt: n.updatedAt.toISOString(),
    memberCount,
    myRole,
    updateAvailable: flags.updateAvailable,
    rolloutHalted: flags.rolloutHalted,
  };
}

export function toMemberDto(
  m: Pick<NetworkMemberEntity, 'userId' | 'createdAt'> & { role: NetworkRole },
  user: Pick<UserEntity, 'username' | 'displayName'>,
): MemberDto {
  return { userId: m.userId, username: user.username, displayName: user.displayName, role: m.role, createdAt: m.createdAt.toISOString() };
}

import { NETWORK_ROLES, NETWORK_SYSTEMS, NetworkRole, type NetworkSystem } from '@clan/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { BACKUP_STATES, type HomeBackupState, type HomeMachineState, MACHINE_STATES, type Tone } from '../home-words';

const TONES: Tone[] = ['ok', 'warn', 'danger', 'muted'];

export class HomeBackupDto {
  @ApiProperty({
    enum: BACKUP_STATES,
    description:
      'verified: within its plan and its latest restore test (a machine booted from its backup) passed; backed-up: within its plan; ' +
      'not-restorable: backed up, but the latest restore test failed; late: the last success is older than planned; failed: the last run failed after earlier successes; ' +
      'not-yet-backed-up: a plan, no successful backup yet; no-plan: no enabled backup policy.',
  })
  state!: HomeBackupState;
  @ApiProperty({ enum: TONES, description: 'How the page colours it.' }) tone!: Tone;
  @ApiProperty({ example: 'backed up 2 hours ago', description: 'The state in words, for the member.' }) words!: string;
}

export class HomeAppDto {
  @ApiProperty({ example: 'syncthing', description: 'The app key of the catalog (configs.json `applications.<key>`).' }) app!: string;
  @ApiProperty({ example: 'Syncthing' }) title!: string;
  @ApiProperty({ example: 'Continuous, peer-to-peer folder synchronisation between the machines of the network.' }) description!: string;
  @ApiProperty({ example: 'files' }) machine!: string;
  @ApiProperty({ example: 'files.family.clan', description: "The machine's name in the network's phonebook." }) meshName!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'https://syncthing.files.family.clan/',
    description:
      'Its web page on the mesh: https://<app>.<machine>.<network>.clan/ on a machine in the mesh (docs/https.md), ' +
      'http://<machine>.<network>.clan:<port>/ before it joined; null for an app without one (a voice server, a client).',
  })
  url!: string | null;
}

export class HomeMachineDto {
  @ApiProperty({ example: 'files' }) name!: string;
  @ApiProperty({ example: 'files.family.clan' }) meshName!: string;
  @ApiProperty({ enum: MACHINE_STATES }) state!: HomeMachineState;
  @ApiProperty({ example: 'running', description: 'The state in words.' }) stateWords!: string;
  @ApiProperty({ type: [String], example: ['Syncthing'], description: 'Titles of the apps it runs.' }) apps!: string[];
  @ApiProperty({ type: HomeBackupDto }) backup!: HomeBackupDto;
}

export class HomeDeviceDto {
  @ApiProperty({ example: 'laptop-anna' }) name!: string;
  @ApiProperty({ example: 'laptop-anna.family.clan' }) meshName!: string;
  @ApiProperty({ type: HomeBackupDto }) backup!: HomeBackupDto;
}

export class HomeAdminDto {
  @ApiProperty({ example: 'Bob', description: 'Display name (the user name when none is set).' }) name!: string;
  @ApiProperty({ enum: [NetworkRole.Owner, NetworkRole.Admin] }) role!: NetworkRole;
}

export class HomeCaSignedDto {
  @ApiProperty({ example: '/api/ca/0b6f…/pem?expires=1796688000&signature=…' }) pem!: string;
  @ApiProperty({ example: '/api/ca/0b6f…/crt?expires=1796688000&signature=…' }) crt!: string;
  @ApiProperty({ example: '/api/ca/0b6f…/mobileconfig?expires=1796688000&signature=…' }) mobileconfig!: string;
}

export class HomeCaDto {
  @ApiProperty({ example: '/api/networks/0b6f…/ca.pem', description: 'PEM: Linux, Firefox, macOS Keychain.' }) pem!: string;
  @ApiProperty({ example: '/api/networks/0b6f…/ca.crt', description: 'DER: Android, Windows.' }) crt!: string;
  @ApiProperty({ example: '/api/networks/0b6f…/ca.mobileconfig', description: 'Apple configuration profile: iPhone, iPad, Mac.' })
  mobileconfig!: string;
  @ApiProperty({
    type: HomeCaSignedDto,
    description: 'The same files through links that work without signing in, for a day: what the QR code for a phone carries.',
  })
  signed!: HomeCaSignedDto;
}

export class HomeNetworkDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'family' }) name!: string;
  @ApiProperty({ example: '' }) description!: string;
  @ApiProperty({ enum: [...NETWORK_ROLES], enumName: 'NetworkRole', description: "The caller's role in it." }) role!: NetworkRole;
  @ApiProperty({
    enum: NETWORK_SYSTEMS,
    enumName: 'NetworkSystem',
    description: 'What its machines run: "nixos", or "demo" (a test system that runs no apps yet).',
  })
  system!: NetworkSystem;
  @ApiProperty({ type: [HomeAppDto], description: "The apps of the network's machines, in catalog order." }) apps!: HomeAppDto[];
  @ApiProperty({ type: [HomeMachineDto], description: "The network's machines (its services) with their state and backups." })
  machines!: HomeMachineDto[];
  @ApiProperty({ type: [HomeDeviceDto], description: "The caller's own devices in this network." }) devices!: HomeDeviceDto[];
  @ApiProperty({ type: [HomeAdminDto], description: 'Who to ask for help: the owners and admins.' }) admins!: HomeAdminDto[];
  @ApiProperty({
    type: HomeCaDto,
    description:
      "Where to download the network's certificate authority, which the apps' https://….<network>.clan certificates chain to (docs/https.md).",
  })
  ca!: HomeCaDto;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why the machines could not be listed (the configuration cannot be read), in words; null when they could.',
  })
  problem!: string | null;
}

export class HomeDto {
  @ApiProperty({ example: 'Anna', description: 'Display name (the user name when none is set).' }) displayName!: string;
  @ApiProperty({ type: [HomeNetworkDto], description: 'The networks the caller is a member of, by name.' }) networks!: HomeNetworkDto[];
}

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
export const HELP_MESSAGE_MAX = 1000;
const MESSAGE_RULE = `message must say what you need help with, in 1 to ${HELP_MESSAGE_MAX} characters`;

export class CreateHelpRequestDto {
  @ApiProperty({
    minLength: 1,
    maxLength: HELP_MESSAGE_MAX,
    example: 'The printer does not print from my laptop.',
    description: 'What the member needs help with; the admins read it in their notifications.',
  })
  @Transform(trimmed)
  @MaxLength(HELP_MESSAGE_MAX, { message: MESSAGE_RULE })
  @MinLength(1, { message: MESSAGE_RULE })
  @IsString({ message: MESSAGE_RULE })
  message!: string;
}

export class HelpRequestResultDto {
  @ApiProperty({ format: 'uuid', description: 'The id of the request (its notification subject is help:<id>).' }) id!: string;
  @ApiProperty({ example: 'Bob and Carol have been told; they will get in touch with you.' }) message!: string;
}

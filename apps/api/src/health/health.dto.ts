import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ComponentHealthDto {
  @ApiProperty({ enum: ['ok', 'down', 'unavailable'], description: '`unavailable`: optional component not installed or not reachable.' })
  status!: 'ok' | 'down' | 'unavailable';

  @ApiProperty({ example: 'PostgreSQL 15.19, 2 ms' })
  detail!: string;

  @ApiPropertyOptional({
    description: 'When the component is not ok: what to do about it, as a sentence for a person.',
    example:
      'libvirt is not reachable at qemu:///system: start it with `sudo systemctl start libvirtd` (Debian package libvirt-daemon-system).',
  })
  message?: string;
}

export class DomainTypeHealthDto {
  @ApiProperty({
    enum: ['kvm', 'qemu'],
    description: 'The libvirt domain type VMs are defined with: `kvm` (hardware acceleration) or `qemu` (emulation).',
  })
  type!: 'kvm' | 'qemu';

  @ApiProperty({ description: 'True when CLAN_DOMAIN_TYPE is `auto` and a test boot decided.' })
  automatic!: boolean;

  @ApiProperty({ example: 'KVM: a test guest booted under KVM' })
  detail!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Set when emulation was chosen automatically: VMs are slower, and what to do.',
  })
  warning!: string | null;
}

export class HealthComponentsDto {
  @ApiProperty({ type: ComponentHealthDto }) database!: ComponentHealthDto;
  @ApiProperty({ type: ComponentHealthDto }) redis!: ComponentHealthDto;
  @ApiProperty({ type: ComponentHealthDto }) libvirt!: ComponentHealthDto;
  @ApiProperty({ type: ComponentHealthDto }) nix!: ComponentHealthDto;
  @ApiProperty({ type: ComponentHealthDto, description: 'The cLAN flake NixOS machines build with: the shipped one, or CLAN_FLAKE_URL.' })
  clanFlake!: ComponentHealthDto;
  @ApiProperty({
    type: ComponentHealthDto,
    description: "The cLAN flake's nixpkgs (CLAN_NIXPKGS): NixOS machines cannot build when it is unreachable.",
  })
  nixpkgs!: ComponentHealthDto;
  @ApiProperty({
    type: ComponentHealthDto,
    description: 'The demo system (not NixOS), for networks whose system is `demo`: whether this host can run it.',
  })
  demoSystem!: ComponentHealthDto;
  // Optional in the schema so clients written before it keep compiling; this panel always sends it.
  @ApiPropertyOptional({
    type: ComponentHealthDto,
    description:
      'The audit log: `down` while entries wait in the spool because the database refused them (they are written once it answers).',
  })
  audit?: ComponentHealthDto;
}

export class HealthDto {
  @ApiProperty({
    enum: ['ok', 'degraded'],
    description:
      '`degraded` when a component is not ok: the response is 503 when the database or Redis is down, ' +
      '200 when a component running machines needs (libvirt, Nix) is missing; that component then carries a `message`.',
  })
  status!: 'ok' | 'degraded';

  @ApiProperty({ example: '0.1.0' })
  version!: string;

  @ApiProperty({ type: HealthComponentsDto })
  components!: HealthComponentsDto;

  @ApiPropertyOptional({
    type: DomainTypeHealthDto,
    description: 'Absent while the domain type is still being decided (CLAN_DOMAIN_TYPE=auto).',
  })
  domainType?: DomainTypeHealthDto;
}

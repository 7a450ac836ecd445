import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const FREE_OBJECT = { type: 'object', additionalProperties: true } as const;

export class CatalogPortDto {
  @ApiProperty({ type: 'integer', example: 8384, description: "With the app's default options." }) port!: number;
  @ApiProperty({ enum: ['tcp', 'udp'], enumName: 'PortProtocol' }) protocol!: 'tcp' | 'udp';
  @ApiPropertyOptional({ example: 'guiPort', description: 'The option that sets this port, when it can be changed.' }) option?: string;
  @ApiProperty({ example: 'Web interface' }) description!: string;
}

export class CatalogStateHookDto {
  @ApiProperty({ example: 'nextcloud-db-dump' }) id!: string;
  @ApiProperty() description!: string;
}

export class CatalogStateDto {
  @ApiProperty({ type: [String], example: ['/var/lib/syncthing'] }) paths!: string[];
  @ApiProperty({ type: [String], example: ['sharedFolders'], description: 'Options whose values are further paths to back up.' })
  pathOptions!: string[];
  @ApiProperty({ type: [CatalogStateHookDto] }) hooks!: CatalogStateHookDto[];
}

export class CatalogAppDto {
  @ApiProperty({ example: 'syncthing', description: 'The key under `applications` in configs.json.' }) key!: string;
  @ApiProperty({ example: 'Syncthing' }) title!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ example: 'services.syncthing' }) nixosModule!: string;
  @ApiProperty({ type: [CatalogPortDto], description: 'Ports on the mesh with default options (none for clients).' })
  ports!: CatalogPortDto[];
  @ApiProperty({ type: CatalogStateDto, description: 'What backups keep.' }) state!: CatalogStateDto;
  @ApiProperty({ ...FREE_OBJECT, description: "JSON Schema (draft 2020-12) of the app's options; forms are rendered from it." })
  schema!: Record<string, unknown>;
}

export class CatalogAppsDto {
  @ApiProperty({ type: [CatalogAppDto] }) items!: CatalogAppDto[];
}

export class CatalogSchemaDto {
  @ApiProperty({ ...FREE_OBJECT, description: 'JSON Schema of a whole configs.json.' }) configs!: Record<string, unknown>;
  @ApiProperty({
    ...FREE_OBJECT,
    description: "JSON Schema of one machine's `config` as the machine routes take it (configs.json entry + localAdmins).",
  })
  machine!: Record<string, unknown>;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { SIGNER_MAX_LENGTH, SIGNERS_MAX } from './source-signers';
import { SOURCE_URL_MAX_LENGTH } from './source-url';

const FREE_OBJECT = { type: 'object', additionalProperties: true } as const;
const SIGNER_EXAMPLE = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFpej/6iOFPP48wBxYRGpLPJmNKuepUz6xgtg+mFVTG4 ada@laptop';
const VERIFIED_DOC =
  'Only revisions whose commit carries an SSH signature by one of `signers` are indexed; an unsigned update is refused (lastError says so) and the last index stays.';
const SIGNERS_DOC = `SSH public keys, one per entry as a .pub file holds them (ssh-ed25519, ssh-rsa, ecdsa-sha2-…, sk-…); at most ${SIGNERS_MAX}. GPG keys are not supported.`;

/** `verified` and `signers` of a source, as created or changed; the service checks the keys (source-signers.ts). */
class SourceTrustFields {
  @ApiPropertyOptional({ description: VERIFIED_DOC, default: false })
  @IsOptional()
  @IsBoolean({ message: 'verified must be true or false' })
  verified?: boolean;

  @ApiPropertyOptional({ type: [String], maxItems: SIGNERS_MAX, example: [SIGNER_EXAMPLE], description: SIGNERS_DOC })
  @IsOptional()
  @IsArray({ message: 'signers must be a list of SSH public keys' })
  @ArrayMaxSize(SIGNERS_MAX, { message: `signers must list at most ${SIGNERS_MAX} keys` })
  @IsString({ each: true, message: 'each of signers must be a string (an SSH public key)' })
  @MaxLength(SIGNER_MAX_LENGTH, { each: true, message: `each of signers must be at most ${SIGNER_MAX_LENGTH} characters long` })
  signers?: string[];
}

export class CreateMarketplaceSourceDto extends SourceTrustFields {
  @ApiProperty({ example: 'example-apps', maxLength: 64, description: 'Lower-case letters, digits and "-"; unique; not "built-in".' })
  @IsString({ message: 'name must be a string' })
  @MaxLength(64, { message: 'name must be at most 64 characters long' })
  name!: string;

  @ApiProperty({
    example: 'https://git.example.org/author/clan-apps',
    maxLength: SOURCE_URL_MAX_LENGTH,
    description: 'The git repository: https://, http://, file:/// or an absolute path; no user name, password, query or fragment.',
  })
  @IsString({ message: 'url must be a string' })
  @MaxLength(SOURCE_URL_MAX_LENGTH, { message: `url must be at most ${SOURCE_URL_MAX_LENGTH} characters long` })
  url!: string;

  @ApiPropertyOptional({
    type: 'string',
    nullable: true,
    example: 'main',
    description: 'The branch or tag to follow; absent or null: the default branch.',
  })
  @IsOptional()
  @IsString({ message: 'ref must be a string or null' })
  @MaxLength(255, { message: 'ref must be at most 255 characters long' })
  ref?: string | null;
}

/** PATCH of a source: whether it is verified and its signer keys; nothing else of a source changes. */
export class UpdateMarketplaceSourceDto extends SourceTrustFields {}

export class MarketplaceRevisionDto {
  @ApiProperty({ example: '57ca8d08786d98228aaeebf12273a7c2f1850b67' }) revision!: string;
  @ApiProperty({ example: 'sha256-jv2U8YaWvz5q4A21yvnhPTWKIqFVRbAT6bg/l/b5iAc=' }) narHash!: string;
  @ApiProperty({ type: 'string', format: 'date-time', description: "The commit's date." }) committedAt!: string;
  @ApiProperty({ type: 'string', format: 'date-time' }) indexedAt!: string;
  @ApiProperty({ description: 'The mirror keeps it under its own ref (refs/clan/pins/<revision>).' }) pinned!: boolean;
}

export class MarketplaceSourceDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'example-apps' }) name!: string;
  @ApiProperty({ example: 'https://git.example.org/author/clan-apps' }) url!: string;
  @ApiProperty({ type: 'string', nullable: true, description: 'null: the default branch.' }) ref!: string | null;
  @ApiProperty({ description: VERIFIED_DOC }) verified!: boolean;
  @ApiProperty({ type: [String], example: [SIGNER_EXAMPLE], description: 'The SSH public keys a verified source trusts (not secret).' })
  signers!: string[];
  @ApiProperty({ type: 'string', format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) refreshedAt!: string | null;
  @ApiProperty({ type: 'string', nullable: true, description: 'Why the last refresh failed, as a sentence; null when it worked.' })
  lastError!: string | null;
  @ApiProperty({ type: 'string', nullable: true, description: 'The indexed revision; null until a refresh worked.' }) revision!:
    string | null;
  @ApiProperty({ type: 'string', nullable: true }) narHash!: string | null;
  @ApiProperty({ type: 'integer', description: 'Apps and templates indexed from the revision.' }) entries!: number;
}

export class MarketplaceSourceDetailDto extends MarketplaceSourceDto {
  @ApiProperty({ type: [MarketplaceRevisionDto], description: 'Every revision the panel indexed, newest first.' })
  revisions!: MarketplaceRevisionDto[];
}

export class MarketplaceSourceListDto {
  @ApiProperty({ type: [MarketplaceSourceDto] }) items!: MarketplaceSourceDto[];
}

export class MarketplacePortDto {
  @ApiProperty({ type: 'integer' }) port!: number;
  @ApiProperty({ enum: ['tcp', 'udp'], enumName: 'PortProtocol' }) protocol!: 'tcp' | 'udp';
}

export class MarketplaceStateHookDto {
  @ApiProperty() id!: string;
  @ApiProperty() description!: string;
}

export class MarketplaceStateDto {
  @ApiProperty({ type: [String] }) paths!: string[];
  @ApiProperty({ type: [MarketplaceStateHookDto] }) hooks!: MarketplaceStateHookDto[];
}

export class MarketplaceTemplateDto {
  @ApiProperty({ ...FREE_OBJECT, description: 'A configs.json fragment: machine name → its configuration.' }) configs!: Record<
    string,
    unknown
  >;
  @ApiProperty({ type: [String], description: "The apps the template's machines use." }) apps!: string[];
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'object', properties: { url: { type: 'string' } }, required: ['url'] },
    description: "Apps of other sources the template uses: app key → { url } of the source that has them (a published network's).",
  })
  sources!: Record<string, { url: string }>;
}

export class MarketplaceEntryDto {
  @ApiProperty({ example: 'example-apps', description: 'The source\'s name; "built-in" for the panel\'s own apps.' }) source!: string;
  @ApiProperty({
    type: 'string',
    format: 'uuid',
    nullable: true,
    description: "The source's id (what a network's install review names); null for the built-in apps.",
  })
  sourceId!: string | null;
  @ApiProperty({ description: 'From a source a host admin added, not from the panel.' }) thirdParty!: boolean;
  @ApiProperty({ enum: ['app', 'template'], enumName: 'MarketplaceEntryKind' }) kind!: 'app' | 'template';
  @ApiProperty({ example: 'pinBoard', description: 'An app: its key under `applications` in configs.json.' }) key!: string;
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: 'string', nullable: true, example: 'productivity', description: 'null for templates.' }) category!: string | null;
  @ApiProperty() author!: string;
  @ApiProperty() licence!: string;
  @ApiProperty({ type: 'string', nullable: true, description: 'A path in the repository or an https URL.' }) icon!: string | null;
  @ApiProperty({ type: 'string', nullable: true, description: 'The git revision the entry comes from; null for built-in apps.' })
  revision!: string | null;
  @ApiProperty({ type: 'string', nullable: true, description: "The revision's narHash; null for built-in apps." }) narHash!: string | null;
  @ApiProperty({
    ...FREE_OBJECT,
    nullable: true,
    description: 'An app: JSON Schema of its options (forms render from it); null for templates.',
  })
  options!: Record<string, unknown> | null;
  @ApiProperty({ type: [MarketplacePortDto], description: 'An app: its mesh ports with the default options.' })
  ports!: MarketplacePortDto[];
  @ApiProperty({ type: MarketplaceStateDto, nullable: true, description: 'An app: what backups keep.' }) state!: MarketplaceStateDto | null;
  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'An app: its NixOS module, a path in the repository (third-party) or the option prefix (built-in).',
  })
  nixosModule!: string | null;
  @ApiProperty({ type: MarketplaceTemplateDto, nullable: true }) template!: MarketplaceTemplateDto | null;
}

export class MarketplaceEntryListDto {
  @ApiProperty({ type: [MarketplaceEntryDto] }) items!: MarketplaceEntryDto[];
}

export class MarketplaceEntriesQuery {
  @ApiPropertyOptional({ maxLength: 100, description: 'Words to find in the key, title, description, author or source.' })
  @IsOptional()
  @IsString({ message: 'q must be a string' })
  @MaxLength(100, { message: 'q must be at most 100 characters long' })
  q?: string;

  @ApiPropertyOptional({ maxLength: 32, example: 'productivity' })
  @IsOptional()
  @IsString({ message: 'category must be a string' })
  @Matches(/^[a-z][a-z0-9-]{0,31}$/, { message: 'category must be lower-case letters, digits and "-"' })
  category?: string;

  @ApiPropertyOptional({ enum: ['app', 'template'], enumName: 'MarketplaceEntryKind' })
  @IsOptional()
  @IsIn(['app', 'template'], { message: 'kind must be app or template' })
  kind?: 'app' | 'template';
}

export class MarketplaceEntryParams {
  @ApiProperty({ example: 'example-apps' })
  @Matches(/^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$/, { message: 'source must be the name of a source' })
  source!: string;

  @ApiProperty({ enum: ['app', 'template'], enumName: 'MarketplaceEntryKind' })
  @IsIn(['app', 'template'], { message: 'kind must be app or template' })
  kind!: 'app' | 'template';

  @ApiProperty({ example: 'pinBoard' })
  @Matches(/^[a-z][a-zA-Z0-9]{0,62}$/, { message: 'key must be an entry key (camelCase)' })
  key!: string;
}

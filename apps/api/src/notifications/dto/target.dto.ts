import {
  NOTIFICATION_SEVERITIES,
  NOTIFICATION_TARGET_TYPES,
  type NotificationSeverity,
  type NotificationTargetType,
} from '@clan/contracts';
import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

const URL_RULE = { protocols: ['http', 'https'], require_protocol: true, require_tld: false, require_host: true };
/** RFC 9110 token characters. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** No line breaks or other control characters in a header value. */
// eslint-disable-next-line no-control-regex
const HEADER_VALUE = /^[^\x00-\x1f\x7f]*$/;
/** ntfy's own topic rule. */
const NTFY_TOPIC = /^[-_A-Za-z0-9]{1,64}$/;
const HOSTNAME = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\.?)$/;
/** `backup.freshness`, `backup.*` or `*`. */
export const KIND_PATTERN = /^(\*|[a-z0-9][a-z0-9_-]*(\.[a-z0-9][a-z0-9_-]*)*(\.\*)?)$/;
const WRITE_ONLY = 'Write-only: never returned (the answer says whether it is set). Omit to keep, null to clear.';

// ── settings per type (what a client sends) ─────────────────────────────────

export class WebhookSettingsDto {
  @ApiProperty({ maxLength: 2000, example: 'https://hooks.example.org/clan' })
  @IsString()
  @MaxLength(2000)
  @IsUrl(URL_RULE, { message: 'url must be an http:// or https:// URL' })
  url!: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 64,
    example: 'Authorization',
    description: 'A header sent with a secret value.',
  })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  @Matches(HEADER_NAME, { message: 'headerName must be an HTTP header name (letters, digits, "-")' })
  headerName?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 2000, example: 'Bearer s3cr3t', description: WRITE_ONLY })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  @Matches(HEADER_VALUE, { message: 'headerSecret must be one line without control characters' })
  headerSecret?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 200,
    description: `Signs each request: X-Clan-Signature-256 = sha256=HMAC-SHA256(secret, "<X-Clan-Timestamp>.<body>"). ${WRITE_ONLY}`,
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  signingSecret?: string | null;
}

export class NtfySettingsDto {
  @ApiPropertyOptional({ maxLength: 2000, default: 'https://ntfy.sh', description: 'The ntfy server.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @IsUrl(URL_RULE, { message: 'server must be an http:// or https:// URL' })
  server?: string;

  @ApiProperty({ maxLength: 64, pattern: NTFY_TOPIC.source, example: 'family-backups-k3x9' })
  @IsString()
  @Matches(NTFY_TOPIC, { message: 'topic must be 1–64 letters, digits, "-" or "_" (ntfy’s rule)' })
  topic!: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 200, description: `An ntfy access token (tk_…). ${WRITE_ONLY}` })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  @Matches(HEADER_VALUE, { message: 'token must be one line without control characters' })
  token?: string | null;
}

export class EmailSettingsDto {
  @ApiProperty({ maxLength: 253, example: 'smtp.example.org', description: 'SMTP server.' })
  @IsString()
  @Length(1, 253)
  @Matches(HOSTNAME, { message: 'host must be a host name or an IP address' })
  host!: string;

  @ApiProperty({ minimum: 1, maximum: 65535, example: 587 })
  @IsInt()
  @Min(1)
  @Max(65535)
  port!: number;

  @ApiPropertyOptional({
    description: 'TLS from the first byte (usually port 465). Default: true on port 465. Otherwise STARTTLS is used when offered.',
  })
  @IsOptional()
  @IsBoolean()
  secure?: boolean;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 200, description: 'SMTP user; omit for no authentication.' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  username?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 500, description: `SMTP password. ${WRITE_ONLY}` })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  password?: string | null;

  @ApiProperty({ maxLength: 254, example: 'cLAN panel <panel@example.org>' })
  @IsString()
  @Length(3, 254)
  @Matches(HEADER_VALUE, { message: 'from must be one line' })
  from!: string;

  @ApiProperty({ type: [String], minItems: 1, maxItems: 20, example: ['anna@example.org'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(254, { each: true })
  @IsEmail({ require_tld: false }, { each: true, message: 'to must hold email addresses' })
  to!: string[];
}

export class WebhookSettingsPatchDto extends PartialType(WebhookSettingsDto) {}
export class NtfySettingsPatchDto extends PartialType(NtfySettingsDto) {}
export class EmailSettingsPatchDto extends PartialType(EmailSettingsDto) {}

// ── targets ────────────────────────────────────────────────────────────────

export class CreateHostTargetDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'Anna’s phone (ntfy)' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiProperty({ enum: [...NOTIFICATION_TARGET_TYPES] })
  @IsIn([...NOTIFICATION_TARGET_TYPES], { message: `type must be one of: ${NOTIFICATION_TARGET_TYPES.join(', ')}` })
  type!: NotificationTargetType;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ enum: [...NOTIFICATION_SEVERITIES], default: 'warning', description: 'This severity and above are delivered.' })
  @IsOptional()
  @IsIn([...NOTIFICATION_SEVERITIES], { message: `minSeverity must be one of: ${NOTIFICATION_SEVERITIES.join(', ')}` })
  minSeverity?: NotificationSeverity;

  @ApiPropertyOptional({
    type: [String],
    nullable: true,
    maxItems: 100,
    description: 'Only these networks’ notifications; null or omitted: every network and the host-wide ones.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true, message: 'networkIds must hold network ids (UUIDs)' })
  networkIds?: string[] | null;

  @ApiPropertyOptional({
    type: [String],
    nullable: true,
    maxItems: 50,
    example: ['backup.*'],
    description: 'Only these kinds (exact, or a prefix like "backup.*"); null or empty: every kind.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  @Matches(KIND_PATTERN, { each: true, message: 'kinds must look like "backup.freshness", "backup.*" or "*"' })
  kinds?: string[] | null;

  @ApiPropertyOptional({ type: WebhookSettingsDto, description: 'Required when type is webhook.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => WebhookSettingsDto)
  webhook?: WebhookSettingsDto;

  @ApiPropertyOptional({ type: NtfySettingsDto, description: 'Required when type is ntfy.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => NtfySettingsDto)
  ntfy?: NtfySettingsDto;

  @ApiPropertyOptional({ type: EmailSettingsDto, description: 'Required when type is email.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => EmailSettingsDto)
  email?: EmailSettingsDto;
}

/** A network's own targets always match that network only. */
export class CreateNetworkTargetDto extends OmitType(CreateHostTargetDto, ['networkIds'] as const) {}

export class UpdateHostTargetDto extends PartialType(OmitType(CreateHostTargetDto, ['type', 'webhook', 'ntfy', 'email'] as const)) {
  @ApiPropertyOptional({ type: WebhookSettingsPatchDto, description: 'Changes to the webhook settings; omitted fields stay.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => WebhookSettingsPatchDto)
  webhook?: WebhookSettingsPatchDto;

  @ApiPropertyOptional({ type: NtfySettingsPatchDto, description: 'Changes to the ntfy settings; omitted fields stay.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => NtfySettingsPatchDto)
  ntfy?: NtfySettingsPatchDto;

  @ApiPropertyOptional({ type: EmailSettingsPatchDto, description: 'Changes to the email settings; omitted fields stay.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => EmailSettingsPatchDto)
  email?: EmailSettingsPatchDto;
}

export class UpdateNetworkTargetDto extends OmitType(UpdateHostTargetDto, ['networkIds'] as const) {}

// ── answers ───────────────────────────────────────────────────────────────

export class WebhookViewDto {
  @ApiProperty() url!: string;
  @ApiProperty({ type: String, nullable: true }) headerName!: string | null;
  @ApiProperty({ description: 'A secret header value is stored.' }) headerSecretSet!: boolean;
  @ApiProperty({ description: 'Requests are signed.' }) signingSecretSet!: boolean;
}

export class NtfyViewDto {
  @ApiProperty() server!: string;
  @ApiProperty() topic!: string;
  @ApiProperty({ description: 'An access token is stored.' }) tokenSet!: boolean;
}

export class EmailViewDto {
  @ApiProperty() host!: string;
  @ApiProperty() port!: number;
  @ApiProperty() secure!: boolean;
  @ApiProperty({ type: String, nullable: true }) username!: string | null;
  @ApiProperty({ description: 'A password is stored.' }) passwordSet!: boolean;
  @ApiProperty() from!: string;
  @ApiProperty({ type: [String] }) to!: string[];
}

export class TargetDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: [...NOTIFICATION_TARGET_TYPES] }) type!: NotificationTargetType;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null: a host-level target.' }) networkId!: string | null;
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ enum: [...NOTIFICATION_SEVERITIES] }) minSeverity!: NotificationSeverity;
  @ApiProperty({ type: [String], nullable: true, description: 'null: every network (host-level targets).' }) networkIds!: string[] | null;
  @ApiProperty({ type: [String], nullable: true, description: 'null: every kind.' }) kinds!: string[] | null;
  @ApiProperty({ type: WebhookViewDto, nullable: true }) webhook!: WebhookViewDto | null;
  @ApiProperty({ type: NtfyViewDto, nullable: true }) ntfy!: NtfyViewDto | null;
  @ApiProperty({ type: EmailViewDto, nullable: true }) email!: EmailViewDto | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'The last delivery or test.' })
  lastAttemptAt!: string | null;
  @ApiProperty({ type: String, enum: ['ok', 'failed'], nullable: true }) lastStatus!: 'ok' | 'failed' | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why the last attempt failed.' }) lastError!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastSuccessAt!: string | null;
  @ApiProperty({ description: 'Deliveries waiting or being retried.' }) pendingDeliveries!: number;
  @ApiProperty({ description: 'Deliveries that gave up (in the last 30 days).' }) failedDeliveries!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class TargetListDto {
  @ApiProperty({ type: [TargetDto] }) items!: TargetDto[];
  @ApiProperty({ type: [String], description: 'Kinds the panel has emitted so far, for the kind filter.' }) knownKinds!: string[];
}

export class TargetTestResultDto {
  @ApiProperty() ok!: boolean;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
  @ApiProperty() durationMs!: number;
}

import { NetworkRole } from '@clan/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEnum, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { UserDto } from '../../users/users.dto';
import { NewAccountDto } from '../../users/users.dto';

export const PERSON_INVITE_MAX_HOURS = 24 * 30;
export const PERSON_INVITE_DEFAULT_HOURS = 72;

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreatePersonInviteDto {
  @ApiProperty({ enum: NetworkRole, enumName: 'NetworkRole', description: 'The role the person gets in this network.' })
  @IsEnum(NetworkRole, { message: `role must be one of: ${Object.values(NetworkRole).join(', ')}` })
  role!: NetworkRole;

  @ApiPropertyOptional({ maxLength: 128, example: 'Grandma', description: 'The name to suggest; the person may change it.' })
  @IsOptional()
  @Transform(trimmed)
  @IsString({ message: 'displayName must be a text' })
  @MaxLength(128, { message: 'displayName must be at most 128 characters long' })
  displayName?: string;

  @ApiPropertyOptional({ maxLength: 120, example: 'For the photo backups', description: 'A note for the invite list.' })
  @IsOptional()
  @Transform(trimmed)
  @IsString({ message: 'note must be a text' })
  @MaxLength(120, { message: 'note must be at most 120 characters long' })
  note?: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: PERSON_INVITE_MAX_HOURS,
    description: `Hours until the link stops working (default ${PERSON_INVITE_DEFAULT_HOURS}).`,
  })
  @IsOptional()
  @IsInt({ message: 'expiresInHours must be a whole number of hours' })
  @Min(1, { message: 'expiresInHours must be at least 1' })
  @Max(PERSON_INVITE_MAX_HOURS, { message: `expiresInHours must be at most ${PERSON_INVITE_MAX_HOURS} (30 days)` })
  expiresInHours?: number;

  @ApiPropertyOptional({
    description:
      "After creating the account, lead the person on to enrol a first device in the network's mesh (the network needs a mesh). Default false.",
  })
  @IsOptional()
  @IsBoolean({ message: 'enrolDevice must be true or false' })
  enrolDevice?: boolean;
}

export type PersonInviteStatus = 'pending' | 'used' | 'expired' | 'revoked';

export class PersonInviteDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: NetworkRole, enumName: 'NetworkRole' }) role!: NetworkRole;
  @ApiProperty({ description: 'The suggested name; empty when none.' }) displayName!: string;
  @ApiProperty() note!: string;
  @ApiProperty() enrolDevice!: boolean;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) createdBy!: string | null;
  @ApiProperty({ description: "The inviter's name when the invite was made." }) createdByName!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty({ enum: ['pending', 'used', 'expired', 'revoked'] }) status!: PersonInviteStatus;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) usedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The username of the account the invite created.' })
  usedByUsername!: string | null;
}

export class PersonInviteListDto {
  @ApiProperty({ type: [PersonInviteDto] }) items!: PersonInviteDto[];
  @ApiProperty() total!: number;
}

export class CreatedPersonInviteDto {
  @ApiProperty({ type: PersonInviteDto }) invite!: PersonInviteDto;
  @ApiProperty({ description: 'The secret part of the link; shown once, only its hash is kept.' }) token!: string;
  @ApiProperty({ example: 'https://panel.example.org/invite/3q2…', description: 'The link to send: opens the invite page.' }) url!: string;
}

/** What the invite page shows before the person creates their account (nothing secret). */
export class PersonInvitePreviewDto {
  @ApiProperty({ example: 'home' }) network!: string;
  @ApiProperty({ example: 'Anna', description: "The inviter's name." }) inviter!: string;
  @ApiProperty({ enum: NetworkRole, enumName: 'NetworkRole' }) role!: NetworkRole;
  @ApiProperty({ description: 'The suggested name; empty when none.' }) displayName!: string;
  @ApiProperty() enrolDevice!: boolean;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}

/** The invitee's new account: username, password and (optionally) the name people see. */
export class AcceptPersonInviteDto extends NewAccountDto {}

export class AcceptedPersonInviteDto {
  @ApiProperty({ type: UserDto }) user!: UserDto;
  @ApiProperty({ description: 'The new session: send as X-CSRF-Token on writes.' }) csrfToken!: string;
  @ApiProperty({ format: 'uuid' }) networkId!: string;
  @ApiProperty({ example: '/home', description: 'Where the web app goes next: `/home`, or `/join/<token>` to enrol a first device.' })
  next!: string;
}

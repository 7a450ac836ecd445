import { PagingQueryDto } from '../common/http/paging.dto';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { normalizeUsername, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, USERNAME_PATTERN, USERNAME_RULE } from './username';

const lowerCaseTrimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? normalizeUsername(value) : value);
const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** The fields every new account needs; shared by first-run setup and POST /api/users. */
export class NewAccountDto {
  @ApiProperty({ example: 'alice', description: 'Stored lower-case. 3–64 characters: a–z, 0–9, "-", "_", ".".' })
  @Transform(lowerCaseTrimmed)
  @Matches(USERNAME_PATTERN, { message: USERNAME_RULE })
  @IsString({ message: USERNAME_RULE })
  username!: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH, format: 'password' })
  // Decorators register bottom-up; IsString last so its message comes first.
  @MaxLength(PASSWORD_MAX_LENGTH, { message: `password must be at most ${PASSWORD_MAX_LENGTH} characters long` })
  @MinLength(PASSWORD_MIN_LENGTH, { message: `password must be at least ${PASSWORD_MIN_LENGTH} characters long` })
  @IsString({ message: `password must be a text of at least ${PASSWORD_MIN_LENGTH} characters` })
  password!: string;

  @ApiPropertyOptional({ example: 'Alice Smith', maxLength: 128 })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(128)
  displayName?: string;
}

export class CreateUserDto extends NewAccountDto {
  @ApiPropertyOptional({ default: false, description: 'Host admins hold every privilege everywhere.' })
  @IsOptional()
  @IsBoolean()
  isHostAdmin?: boolean;
}

/** The signed-in user as the browser sees it. */
export class UserDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'alice' }) username!: string;
  @ApiProperty({ example: 'Alice Smith' }) displayName!: string;
  @ApiProperty() isHostAdmin!: boolean;
  @ApiProperty({ description: 'Two-factor sign-in (TOTP) is on.' }) totpEnabled!: boolean;
}

/** A row of the host admin's user list. */
export class UserSummaryDto extends UserDto {
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Last successful sign-in; null: never.' })
  lastLoginAt!: string | null;
  @ApiProperty({ description: 'A disabled account cannot sign in; its sessions and API tokens do not work.' }) disabled!: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) disabledAt!: string | null;
}

/** PATCH /api/users/:userId: only the fields sent change. */
export class UpdateUserDto {
  @ApiPropertyOptional({ example: 'Alice Smith', maxLength: 128, description: 'The name people see; empty: show the username.' })
  @IsOptional()
  @Transform(trimmed)
  @IsString({ message: 'displayName must be a text' })
  @MaxLength(128, { message: 'displayName must be at most 128 characters long' })
  displayName?: string;

  @ApiPropertyOptional({ description: 'Make or remove a host admin (never the last enabled one).' })
  @IsOptional()
  @IsBoolean({ message: 'isHostAdmin must be true or false' })
  isHostAdmin?: boolean;

  @ApiPropertyOptional({
    description: 'Disable (true) or re-enable (false). Disabling ends the sessions; never yourself or the last host admin.',
  })
  @IsOptional()
  @IsBoolean({ message: 'disabled must be true or false' })
  disabled?: boolean;
}

/** A one-time link, shown once (person invites, password resets). */
export class OneTimeLinkDto {
  @ApiProperty({ description: 'The secret part of the link. Shown only this once; the panel keeps its hash.' }) token!: string;
  @ApiProperty({ example: 'https://panel.example/reset-password/…' }) url!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}

/** What a password-reset link is for (no secrets). */
export class PasswordResetPreviewDto {
  @ApiProperty({ example: 'alice' }) username!: string;
  @ApiProperty({ example: 'Alice Smith' }) displayName!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}

export class NewPasswordDto {
  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH, format: 'password' })
  @MaxLength(PASSWORD_MAX_LENGTH, { message: `password must be at most ${PASSWORD_MAX_LENGTH} characters long` })
  @MinLength(PASSWORD_MIN_LENGTH, { message: `password must be at least ${PASSWORD_MIN_LENGTH} characters long` })
  @IsString({ message: `password must be a text of at least ${PASSWORD_MIN_LENGTH} characters` })
  password!: string;
}

export class PasswordResetDoneDto {
  @ApiProperty({ example: 'alice', description: 'Sign in with this username and the new password.' }) username!: string;
}

export class UserListDto {
  @ApiProperty({ type: [UserSummaryDto] }) items!: UserSummaryDto[];
  @ApiProperty() total!: number;
}

/** `?limit=&offset=` (docs/api.md, Paging). */
export class ListUsersQuery extends PagingQueryDto {}

export class UserIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'userId must be a UUID' })
  userId!: string;
}

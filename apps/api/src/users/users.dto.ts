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
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastLoginAt!: string | null;
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

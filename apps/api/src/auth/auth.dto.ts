import { NetworkRole } from '@clan/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { NewAccountDto, UserDto } from '../users/users.dto';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../users/username';

const TOTP_CODE = /^\d{6}$/;

export class SetupStatusDto {
  @ApiProperty({ description: 'True until the first host admin has been created.' })
  setupRequired!: boolean;
}

/** First-run setup: the host admin's account. */
export class SetupDto extends NewAccountDto {}

export class LoginDto {
  @ApiProperty({ example: 'alice' })
  @IsString({ message: 'username is required' })
  @IsNotEmpty({ message: 'username is required' })
  @MaxLength(64, { message: 'username is at most 64 characters' })
  username!: string;

  @ApiProperty({ format: 'password' })
  @IsString({ message: 'password is required' })
  @IsNotEmpty({ message: 'password is required' })
  @MaxLength(PASSWORD_MAX_LENGTH)
  password!: string;

  @ApiPropertyOptional({ example: '123456', description: 'The current code from the authenticator app, when two-factor sign-in is on.' })
  @IsOptional()
  @IsString()
  @Matches(TOTP_CODE, { message: 'totpCode must be the 6 digits shown in your authenticator app' })
  totpCode?: string;

  @ApiPropertyOptional({ example: 'k7wd-2mqp-x9', description: 'One of the recovery codes, instead of totpCode. Each works once.' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  recoveryCode?: string;
}

export class SignedInDto {
  @ApiProperty({ type: UserDto }) user!: UserDto;
  @ApiProperty({ description: 'Send as X-CSRF-Token on every write made with the session cookie.' })
  csrfToken!: string;
}

export class MembershipDto {
  @ApiProperty({ format: 'uuid' }) networkId!: string;
  @ApiProperty({ example: 'home' }) networkName!: string;
  @ApiProperty({ enum: NetworkRole, enumName: 'NetworkRole' }) role!: NetworkRole;
}

export class MeDto {
  @ApiProperty({ type: UserDto }) user!: UserDto;
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'Send as X-CSRF-Token on writes made with the session cookie. Null when the caller authenticated with an API token (no CSRF needed).',
  })
  csrfToken!: string | null;
  @ApiProperty({ type: [MembershipDto] }) memberships!: MembershipDto[];
}

export class ChangePasswordDto {
  @ApiProperty({ format: 'password' })
  @IsString({ message: 'currentPassword is required' })
  @IsNotEmpty({ message: 'currentPassword is required' })
  @MaxLength(PASSWORD_MAX_LENGTH)
  currentPassword!: string;

  @ApiProperty({ format: 'password', minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH })
  @MaxLength(PASSWORD_MAX_LENGTH, { message: `newPassword must be at most ${PASSWORD_MAX_LENGTH} characters long` })
  @MinLength(PASSWORD_MIN_LENGTH, { message: `newPassword must be at least ${PASSWORD_MIN_LENGTH} characters long` })
  @IsString({ message: `newPassword must be a text of at least ${PASSWORD_MIN_LENGTH} characters` })
  newPassword!: string;
}

export class TotpEnrolmentDto {
  @ApiProperty({ example: 'JBSWY3DPEHPK3PXP', description: 'Base32 secret, for typing into the app by hand.' }) secret!: string;
  @ApiProperty({ example: 'otpauth://totp/cLAN%20panel:alice?secret=…&issuer=cLAN%20panel' }) otpauthUrl!: string;
  @ApiProperty({ description: 'The otpauth URL as a QR code (SVG markup).' }) qrSvg!: string;
}

export class TotpCodeDto {
  @ApiProperty({ example: '123456' })
  @IsString({ message: 'code must be the 6 digits shown in your authenticator app' })
  @Matches(TOTP_CODE, { message: 'code must be the 6 digits shown in your authenticator app' })
  code!: string;
}

export class RecoveryCodesDto {
  @ApiProperty({ type: [String], example: ['k7wd-2mqp-x9'], description: 'Ten single-use codes. Shown only this once.' })
  recoveryCodes!: string[];
}

export class PasswordConfirmationDto {
  @ApiProperty({ format: 'password' })
  @IsString({ message: 'password is required' })
  @IsNotEmpty({ message: 'password is required' })
  @MaxLength(PASSWORD_MAX_LENGTH)
  password!: string;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';

export class AppCredentialDto {
  @ApiProperty({ example: 'vaultwarden', description: "The app's key in configs.json." })
  app!: string;

  @ApiProperty({ enum: ['password', 'token'], description: 'A password for `username`, or a token (Vaultwarden’s admin page).' })
  kind!: 'password' | 'token';

  @ApiProperty({ type: String, nullable: true, example: 'admin', description: 'The login name the password belongs to; null for a token.' })
  username!: string | null;

  @ApiProperty({ description: 'Where the secret is used, in a sentence.' })
  usage!: string;

  @ApiProperty({
    enum: ['every-deploy', 'first-boot'],
    description:
      'every-deploy: a rotated secret replaces the old one at the next deployment; first-boot: the app takes it once, when it is set up (change it in the app afterwards).',
  })
  applies!: 'every-deploy' | 'first-boot';

  @ApiProperty({
    type: [String],
    example: ['/run/clan-secrets/apps/vaultwarden/admin-token'],
    description: 'Where the machine reads it (root only).',
  })
  files!: string[];

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'https://vaultwarden.files.family.clan/admin',
    description: 'Where to use it: the app on its HTTPS address in the mesh; null while the machine is not in the mesh.',
  })
  url!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  rotatedAt!: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'First shown (since it was created or last rotated); null: never shown.',
  })
  revealedAt!: string | null;

  @ApiProperty({ description: 'How often it was shown since it was created or last rotated.' })
  revealCount!: number;
}

export class AppCredentialListDto {
  @ApiProperty({ type: [AppCredentialDto], description: "The credentials of the machine's active apps, in catalog order." })
  items!: AppCredentialDto[];
}

export class RevealAppCredentialDto {
  @ApiPropertyOptional({
    description: 'Required (true) once the credential has been shown: showing it again is a deliberate, audited act.',
  })
  @IsOptional()
  @IsBoolean({ message: 'confirm must be true or false' })
  confirm?: boolean;
}

export class RevealedAppCredentialDto extends AppCredentialDto {
  @ApiProperty({ description: 'The secret. Never logged; shown once in the web app unless an admin asks again.' })
  secret!: string;

  @ApiProperty({ description: 'True when this was the first time it was shown.' })
  firstReveal!: boolean;
}

export class RotatedAppCredentialDto {
  @ApiProperty({ type: AppCredentialDto })
  credential!: AppCredentialDto;

  @ApiProperty({ example: 'The new secret reaches forgejo on anna with the next deployment.' })
  message!: string;
}

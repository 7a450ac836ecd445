import { NETWORK_ROLES, NetworkRole } from '@clan/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { IsEnum, IsString, Length } from 'class-validator';

const ROLE_MESSAGE = `role must be one of: ${NETWORK_ROLES.join(', ')}`;

// `example` is the least powerful role so generated requests (the authz matrix) never trip the grant rules.
const roleProperty = { enum: [...NETWORK_ROLES], enumName: 'NetworkRole', example: NetworkRole.Viewer };

export class AddMemberDto {
  @ApiProperty({ minLength: 1, maxLength: 64, example: 'alice', description: 'An existing panel user.' })
  @IsString()
  @Length(1, 64)
  username!: string;

  @ApiProperty(roleProperty)
  @IsEnum(NetworkRole, { message: ROLE_MESSAGE })
  role!: NetworkRole;
}

export class UpdateMemberDto {
  @ApiProperty(roleProperty)
  @IsEnum(NetworkRole, { message: ROLE_MESSAGE })
  role!: NetworkRole;
}

export class MemberDto {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ example: 'alice' }) username!: string;
  @ApiProperty({ example: 'Alice' }) displayName!: string;
  @ApiProperty(roleProperty) role!: NetworkRole;
  @ApiProperty({ format: 'date-time', description: 'When they joined the network.' }) createdAt!: string;
}

export class MemberListDto {
  @ApiProperty({ type: [MemberDto] }) items!: MemberDto[];
  @ApiProperty({ type: 'integer', example: 1 }) total!: number;
}

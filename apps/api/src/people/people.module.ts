import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MeshModule } from '../mesh/mesh.module';
import { UsersModule } from '../users/users.module';
import { PersonInviteEntity } from './person-invite.entity';
import { PersonInviteLinkController, PersonInvitesController } from './person-invites.controller';
import { PersonInvites } from './person-invites.service';

/** People joining the panel by invitation (docs/permissions.md, "Invite a person"). */
@Module({
  imports: [TypeOrmModule.forFeature([PersonInviteEntity]), UsersModule, MeshModule],
  controllers: [PersonInvitesController, PersonInviteLinkController],
  providers: [PersonInvites],
})
export class PeopleModule {}

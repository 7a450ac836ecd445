import { Module } from '@nestjs/common';
import { GitHttpController } from './git-http.controller';
import { GitHttpService } from './git-http.service';
import { NetworkRepoService } from './network-repo.service';

/** A network's declarative configuration: its git repository, history and read-only clone. */
@Module({ controllers: [GitHttpController], providers: [GitHttpService, NetworkRepoService], exports: [NetworkRepoService] })
export class ConfigsModule {}

import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TasksModule } from '../tasks/tasks.module';
import { EventsGateway } from './events.gateway';
import { GatewayAccessAuditor } from './gateway-access';
import { WsHandshake } from './ws-handshake';

/** The `/api/ws` WebSocket: live task events for browsers and the CLI. */
@Module({
  imports: [DiscoveryModule, TasksModule],
  providers: [EventsGateway, WsHandshake, GatewayAccessAuditor],
})
export class EventsModule {}

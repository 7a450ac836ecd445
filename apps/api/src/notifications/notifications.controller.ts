import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../common/authz/access.decorator';
import { CurrentPrincipal } from '../common/authz/current-principal.decorator';
import type { Principal } from '../common/authz/principal';
import { ListNotificationsQueryDto, MarkedReadDto, NotificationListDto, UnreadCountDto } from './dto/notification.dto';
import { NotificationInbox } from './notification-inbox.service';
import { NotificationId, NotificationIdDoc } from './route-params';

/**
 * The in-app notifications of the caller (docs/notifications.md). Any
 * signed-in user: the list holds only what they may see — host admins every
 * notification, others those of networks where they hold Network.Audit.
 */
@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly inbox: NotificationInbox) {}

  @Get()
  @Authenticated()
  @ApiOperation({ operationId: 'listNotifications', summary: 'Your notifications, newest first, with read state and the unread count' })
  @ApiOkResponse({ type: NotificationListDto })
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListNotificationsQueryDto): Promise<NotificationListDto> {
    return this.inbox.list(principal, query);
  }

  @Get('unread-count')
  @Authenticated()
  @ApiOperation({ operationId: 'getNotificationUnreadCount', summary: 'How many of your notifications are unread (the bell)' })
  @ApiOkResponse({ type: UnreadCountDto })
  unread(@CurrentPrincipal() principal: Principal): Promise<UnreadCountDto> {
    return this.inbox.unread(principal);
  }

  @Post('read-all')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ operationId: 'readNotifications', summary: 'Mark every notification you can see as read' })
  @ApiOkResponse({ type: MarkedReadDto })
  readAll(@CurrentPrincipal() principal: Principal): Promise<MarkedReadDto> {
    return this.inbox.markAllRead(principal);
  }

  @Post(':notificationId/read')
  @HttpCode(200)
  @NotificationIdDoc()
  @Authenticated()
  @ApiOperation({ operationId: 'readNotification', summary: 'Mark one notification as read (for you)' })
  @ApiOkResponse({ type: MarkedReadDto })
  @ApiNotFoundResponse({ description: 'No such notification, or not one you can see.' })
  read(@CurrentPrincipal() principal: Principal, @NotificationId() id: string): Promise<MarkedReadDto> {
    return this.inbox.markRead(principal, id);
  }
}

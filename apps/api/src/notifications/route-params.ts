import { Param } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { IdParamPipe } from '../common/http/id-param.pipe';

/** `:notificationId` and `:targetId`, validated (a malformed id answers 404 like an unknown one). */
export const NotificationId = () => Param('notificationId', new IdParamPipe('notificationId', 'notification'));
export const TargetId = () => Param('targetId', new IdParamPipe('targetId', 'notification target'));

export const NotificationIdDoc = () => ApiParam({ name: 'notificationId', format: 'uuid' });
export const TargetIdDoc = () => ApiParam({ name: 'targetId', format: 'uuid' });

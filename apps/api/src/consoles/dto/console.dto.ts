import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { PagingQueryDto } from '../../common/http/paging.dto';
import { CURSOR_PATTERN, UNIT_PATTERN } from '../logs/journal.service';

export const CONSOLE_STATES = ['attached', 'attaching', 'stopped', 'busy', 'elsewhere'] as const;

// ---- tickets ----

export class MachineConsoleTicketRequestDto {
  @ApiProperty({
    enum: ['serial', 'vnc'],
    description: 'The serial console (a terminal), or the graphical console (VNC, machines with a display).',
  })
  @IsIn(['serial', 'vnc'])
  kind!: 'serial' | 'vnc';
}

export class HostTerminalTicketRequestDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Join this running shell session; absent: start a new shell.' })
  @IsOptional()
  @IsUUID()
  sessionId?: string;
}

export class ConsoleTicketDto {
  @ApiProperty({ description: 'Single use; valid for CLAN_CONSOLE_TICKET_SECONDS (30 s by default).', example: 'ct_Qm9vYmFy…' })
  ticket!: string;
  @ApiProperty({ description: 'What the ticket opens; repeated in the WebSocket URL.', example: 'serial:7d3f…/web' })
  target!: string;
  @ApiProperty({
    description: 'Path and query to open the WebSocket with (same host as the API; ws: or wss: like the page).',
    example: '/api/consoles/ws?ticket=ct_…&target=serial%3A7d3f…%2Fweb',
  })
  url!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}

// ---- machine console ----

export class ConsoleParticipantDto {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() username!: string;
  @ApiProperty({ format: 'date-time' }) since!: string;
  @ApiProperty({ description: 'Open connections of this user.' }) connections!: number;
}

export class MachineConsoleDto {
  @ApiProperty({ description: 'The machine gets a graphical console (VNC) from its next boot.' }) display!: boolean;
  @ApiProperty({ description: 'The VM runs now.' }) running!: boolean;
  @ApiProperty({ description: 'A graphical console can be opened now.' }) displayAvailable!: boolean;
  @ApiProperty({ enum: CONSOLE_STATES, enumName: 'ConsoleState', description: "The panel's hold on the serial console in this process." })
  state!: string;
  @ApiProperty({ type: [ConsoleParticipantDto], description: 'Who is connected to the serial console now.' })
  participants!: ConsoleParticipantDto[];
}

export class MachineConsoleSettingsDto {
  @ApiProperty({ description: 'Give the VM a graphical console (VNC on a local socket). Takes effect when the VM is next started.' })
  @IsBoolean()
  display!: boolean;
}

// ---- serial log ----

export class SerialScrollbackQueryDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    description: 'Absolute offset to read from (offsets count every byte the console printed).',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  from?: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: 1048576,
    description: 'Only the last `tail` bytes (of the boot, or of everything kept).',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1048576)
  tail?: number;

  @ApiPropertyOptional({ enum: ['current', 'all'], default: 'current', description: 'The current (last) boot only, or everything kept.' })
  @IsOptional()
  @IsIn(['current', 'all'])
  boot?: 'current' | 'all';
}

export class BootMarkDto {
  @ApiProperty({ description: "Offset of the boot's first byte." }) offset!: number;
  @ApiProperty({ format: 'date-time', description: 'When the panel first saw the boot.' }) at!: string;
}

export class SerialScrollbackDto {
  @ApiProperty({ description: 'The bytes [from, to) as UTF-8 text (invalid bytes replaced).' }) text!: string;
  @ApiProperty() from!: number;
  @ApiProperty() to!: number;
  @ApiProperty({ description: 'Oldest offset kept.' }) start!: number;
  @ApiProperty({ description: 'Offset of the next byte the console prints.' }) end!: number;
  @ApiProperty({ description: 'Read at most 1 MiB at a time: more is there after `to`.' }) more!: boolean;
  @ApiProperty({ type: [BootMarkDto] }) boots!: BootMarkDto[];
}

// ---- host terminal ----

export class HostTerminalSessionDto {
  @ApiProperty({ format: 'uuid' }) sessionId!: string;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty() startedBy!: string;
  @ApiProperty({ example: '/bin/bash' }) shell!: string;
  @ApiProperty({ type: [ConsoleParticipantDto] }) participants!: ConsoleParticipantDto[];
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) recordingId!: string | null;
}

export class HostTerminalSessionListDto {
  @ApiProperty({ type: [HostTerminalSessionDto] }) items!: HostTerminalSessionDto[];
}

// ---- journal ----

export class JournalQueryDto {
  @ApiPropertyOptional({ description: 'Only this systemd unit, e.g. nginx.service.', example: 'libvirtd.service' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  @Matches(UNIT_PATTERN, { message: 'unit must be a systemd unit name' })
  unit?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 7, description: 'Only entries this important or more (0 emerg … 7 debug).' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(7)
  priority?: number;

  @ApiPropertyOptional({ description: 'Entries after this cursor (newer).' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  @Matches(CURSOR_PATTERN, { message: 'after must be a journal cursor' })
  after?: string;

  @ApiPropertyOptional({ description: 'Entries before this cursor (older).' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  @Matches(CURSOR_PATTERN, { message: 'before must be a journal cursor' })
  before?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

export class JournalEntryDto {
  @ApiProperty() cursor!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ description: 'Microseconds since the epoch (journald’s own precision).' }) realtimeUs!: string;
  @ApiProperty({ type: String, nullable: true }) unit!: string | null;
  @ApiProperty({ type: String, nullable: true }) identifier!: string | null;
  @ApiProperty({ type: Number, nullable: true }) pid!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '0 emerg … 7 debug' }) priority!: number | null;
  @ApiProperty({ type: String, nullable: true }) hostname!: string | null;
  @ApiProperty() message!: string;
}

export class JournalPageDto {
  @ApiProperty({ type: [JournalEntryDto], description: 'Oldest first.' }) items!: JournalEntryDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Cursor of the first (oldest) item: pass as `before` for older entries.' })
  first!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Cursor of the last (newest) item: pass as `after` for newer ones, or to follow.',
  })
  last!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'Set when the host keeps no systemd journal at all (journalctl missing, or no journal files): why, as a sentence. ' +
      'Null for a journal that is merely empty (or filtered to nothing).',
  })
  noJournal!: string | null;
}

// ---- recordings ----

export class RecordingQueryDto extends PagingQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  networkId?: string;

  @ApiPropertyOptional({ description: 'Machine name within its network.' })
  @IsOptional()
  @IsString()
  @MaxLength(63)
  machine?: string;

  @ApiPropertyOptional({ enum: ['serial', 'host'] })
  @IsOptional()
  @IsIn(['serial', 'host'])
  kind?: 'serial' | 'host';
}

export class NetworkRecordingQueryDto extends PagingQueryDto {
  @ApiPropertyOptional({ description: 'Only this machine.' })
  @IsOptional()
  @IsString()
  @MaxLength(63)
  machine?: string;
}

export class RecordingParticipantDto {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() username!: string;
  @ApiProperty({ format: 'date-time' }) joinedAt!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) leftAt!: string | null;
}

export class RecordingDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['serial', 'host'] }) kind!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) networkId!: string | null;
  @ApiProperty({ type: String, nullable: true }) networkName!: string | null;
  @ApiProperty({ type: String, nullable: true }) machine!: string | null;
  @ApiProperty({ format: 'uuid', description: 'The live session it recorded.' }) sessionId!: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) startedBy!: string | null;
  @ApiProperty() startedByName!: string;
  @ApiProperty({ type: [RecordingParticipantDto] }) participants!: RecordingParticipantDto[];
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'Null while the session is still recorded.' })
  endedAt!: string | null;
  @ApiProperty({ type: Number, nullable: true }) durationSeconds!: number | null;
  @ApiProperty({ description: 'Size of the asciicast file (0 until it ends).' }) bytes!: number;
  @ApiProperty() width!: number;
  @ApiProperty() height!: number;
}

/** How long finished recordings are kept (CLAN_RECORDINGS_KEEP_DAYS / _COUNT). */
export class RecordingRetentionDto {
  @ApiProperty({ description: 'Finished recordings older than this many days are deleted; 0: no age limit.' }) keepDays!: number;
  @ApiProperty({ description: 'At most this many recordings are kept, newest first; 0: no limit.' }) keepCount!: number;
}

export class RecordingListDto {
  @ApiProperty({ type: [RecordingDto] }) items!: RecordingDto[];
  @ApiProperty() total!: number;
  @ApiProperty({ type: RecordingRetentionDto }) retention!: RecordingRetentionDto;
}

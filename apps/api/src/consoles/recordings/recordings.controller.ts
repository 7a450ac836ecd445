import { createReadStream, existsSync } from 'node:fs';
import { Privilege } from '@clan/contracts';
import { Controller, Delete, Get, HttpCode, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Authenticated, HostAccess, NetworkAccess } from '../../common/authz/access.decorator';
import { CurrentPrincipal } from '../../common/authz/current-principal.decorator';
import type { Principal } from '../../common/authz/principal';
import { notFound } from '../../common/errors/domain-error';
import { IdParamPipe } from '../../common/http/id-param.pipe';
import { NetworkId, NetworkIdDoc } from '../../common/http/route-params';
import { NetworkRecordingQueryDto, RecordingDto, RecordingListDto, RecordingQueryDto } from '../dto/console.dto';
import type { ConsoleRecordingEntity } from './recording.entity';
import { RecordingsService } from './recordings.service';

const RecordingId = () => Param('recordingId', new IdParamPipe('recordingId', 'recording'));
const RecordingIdDoc = () => ApiParam({ name: 'recordingId', format: 'uuid' });
const CAST_DOC = { schema: { type: 'string' }, description: 'asciicast v2: a JSON header line, then one JSON event per line.' } as const;

export function toRecordingDto(r: ConsoleRecordingEntity): RecordingDto {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    networkId: r.networkId,
    networkName: r.networkName,
    machine: r.machine,
    sessionId: r.sessionId,
    startedBy: r.startedBy,
    startedByName: r.startedByName,
    participants: r.participants,
    startedAt: r.startedAt.toISOString(),
    endedAt: r.endedAt?.toISOString() ?? null,
    durationSeconds: r.endedAt ? Math.round((r.endedAt.getTime() - r.startedAt.getTime()) / 100) / 10 : null,
    bytes: Number(r.bytes),
    width: r.width,
    height: r.height,
  };
}

function castFile(recordings: RecordingsService, row: ConsoleRecordingEntity): StreamableFile {
  const file = recordings.castFile(row.id);
  if (!existsSync(file)) throw notFound("The recording's file");
  return new StreamableFile(createReadStream(file), {
    type: 'application/x-asciicast',
    disposition: `attachment; filename="${row.id}.cast"`,
  });
}

/**
 * Every recording the caller may replay, across networks: host admins all of
 * them; others the serial-console recordings of networks where they hold
 * Machine.Console (the machine's owners and admins).
 */
@ApiTags('consoles')
@Controller('consoles/recordings')
export class RecordingsController {
  constructor(private readonly recordings: RecordingsService) {}

  @Get()
  @Authenticated()
  @ApiOperation({ operationId: 'listRecordings', summary: 'Recorded terminal sessions the caller may replay, newest first' })
  @ApiOkResponse({ type: RecordingListDto })
  async list(@CurrentPrincipal() principal: Principal, @Query() q: RecordingQueryDto): Promise<RecordingListDto> {
    const { items, total } = await this.recordings.list(principal, q, q.limit ?? 50, q.offset ?? 0);
    return { items: items.map(toRecordingDto), total, retention: this.recordings.retention() };
  }
}

/** A network's serial-console recordings, for those who hold Machine.Console there. */
@ApiTags('consoles')
@Controller('networks/:networkId/recordings')
export class NetworkRecordingsController {
  constructor(private readonly recordings: RecordingsService) {}

  @Get()
  @NetworkIdDoc()
  @NetworkAccess(Privilege.MachineConsole)
  @ApiOperation({ operationId: 'listNetworkRecordings', summary: "Recordings of the network's serial consoles, newest first" })
  @ApiOkResponse({ type: RecordingListDto })
  async list(@NetworkId() networkId: string, @Query() q: NetworkRecordingQueryDto): Promise<RecordingListDto> {
    const { items, total } = await this.recordings.listAll({ networkId, machine: q.machine, kind: 'serial' }, q.limit ?? 50, q.offset ?? 0);
    return { items: items.map(toRecordingDto), total, retention: this.recordings.retention() };
  }

  @Get(':recordingId')
  @NetworkIdDoc()
  @RecordingIdDoc()
  @NetworkAccess(Privilege.MachineConsole)
  @ApiOperation({ operationId: 'getNetworkRecording', summary: 'One recording of a serial console of the network: who, when, what' })
  @ApiOkResponse({ type: RecordingDto })
  @ApiNotFoundResponse({ description: 'No such recording in this network.' })
  async get(@NetworkId() networkId: string, @RecordingId() id: string): Promise<RecordingDto> {
    return toRecordingDto(await this.recordings.getInNetwork(networkId, id));
  }

  @Get(':recordingId/cast')
  @NetworkIdDoc()
  @RecordingIdDoc()
  @NetworkAccess(Privilege.MachineConsole)
  @ApiOperation({
    operationId: 'downloadNetworkRecording',
    summary: 'The recording as an asciicast v2 file (replay it in the web player or asciinema)',
  })
  @ApiProduces('application/x-asciicast')
  @ApiOkResponse(CAST_DOC)
  @ApiNotFoundResponse({ description: 'No such recording in this network.' })
  async cast(@NetworkId() networkId: string, @RecordingId() id: string): Promise<StreamableFile> {
    return castFile(this.recordings, await this.recordings.getInNetwork(networkId, id));
  }
}

/** Every recording, host shells included, for host admins. */
@ApiTags('consoles')
@Controller('host/recordings')
export class HostRecordingsController {
  constructor(private readonly recordings: RecordingsService) {}

  @Get(':recordingId')
  @RecordingIdDoc()
  @HostAccess(Privilege.SysAudit)
  @ApiOperation({ operationId: 'getRecording', summary: 'Any recording (host shells and serial consoles): who, when, what' })
  @ApiOkResponse({ type: RecordingDto })
  @ApiNotFoundResponse({ description: 'No such recording.' })
  async get(@RecordingId() id: string): Promise<RecordingDto> {
    return toRecordingDto(await this.recordings.get(id));
  }

  @Get(':recordingId/cast')
  @RecordingIdDoc()
  @HostAccess(Privilege.SysAudit)
  @ApiOperation({ operationId: 'downloadRecording', summary: 'Any recording as an asciicast v2 file' })
  @ApiProduces('application/x-asciicast')
  @ApiOkResponse(CAST_DOC)
  @ApiNotFoundResponse({ description: 'No such recording.' })
  async cast(@RecordingId() id: string): Promise<StreamableFile> {
    return castFile(this.recordings, await this.recordings.get(id));
  }

  @Delete(':recordingId')
  @HttpCode(204)
  @RecordingIdDoc()
  @HostAccess(Privilege.SysModify)
  @ApiOperation({ operationId: 'deleteRecording', summary: 'Delete a recording before its retention ends' })
  @ApiNoContentResponse()
  async delete(@RecordingId() id: string): Promise<void> {
    await this.recordings.delete(id);
  }
}

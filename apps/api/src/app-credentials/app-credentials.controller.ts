import { Privilege } from '@clan/contracts';
import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { NetworkAccess } from '../common/authz/access.decorator';
import { Machine, MachineDoc, NetworkId, NetworkIdDoc } from '../common/http/route-params';
import { AppCredentialsService } from './app-credentials.service';
import { AppParamPipe } from './app-param.pipe';
import { AppCredentialListDto, RevealAppCredentialDto, RevealedAppCredentialDto, RotatedAppCredentialDto } from './dto/app-credential.dto';

const AppDoc = () => ApiParam({ name: 'app', example: 'vaultwarden', description: "The app's key in configs.json." });

@ApiTags('app-credentials')
@Controller('networks/:networkId/machines/:machine/app-credentials')
export class AppCredentialsController {
  constructor(private readonly credentials: AppCredentialsService) {}

  @Get()
  @NetworkIdDoc()
  @MachineDoc()
  @NetworkAccess(Privilege.MachineConfig)
  @ApiOperation({
    operationId: 'listAppCredentials',
    summary: "The first admin credential of each of the machine's apps: names, dates, whether shown — never the secret",
  })
  @ApiOkResponse({ type: AppCredentialListDto })
  @ApiNotFoundResponse({ description: 'No such machine.' })
  list(@NetworkId() networkId: string, @Machine() machine: string): Promise<AppCredentialListDto> {
    return this.credentials.list(networkId, machine);
  }

  @Post(':app/reveal')
  @HttpCode(200)
  @NetworkIdDoc()
  @MachineDoc()
  @AppDoc()
  @NetworkAccess(Privilege.MachineConfig)
  @ApiOperation({
    operationId: 'revealAppCredential',
    summary: 'Show the secret (audited); once it has been shown, only with confirm: true',
  })
  @ApiOkResponse({ type: RevealedAppCredentialDto })
  @ApiConflictResponse({ description: 'Already shown: send confirm: true to show it again.' })
  @ApiNotFoundResponse({ description: 'No such machine, or the app is not active on it or has no credential.' })
  reveal(
    @NetworkId() networkId: string,
    @Machine() machine: string,
    @Param('app', AppParamPipe) app: string,
    @Body() body: RevealAppCredentialDto,
  ): Promise<RevealedAppCredentialDto> {
    return this.credentials.reveal(networkId, machine, app, body.confirm === true);
  }

  @Post(':app/rotate')
  @HttpCode(200)
  @NetworkIdDoc()
  @MachineDoc()
  @AppDoc()
  @NetworkAccess(Privilege.MachineConfig)
  @ApiOperation({ operationId: 'rotateAppCredential', summary: 'Replace the secret; the machine gets it with its next deployment' })
  @ApiOkResponse({ type: RotatedAppCredentialDto })
  @ApiNotFoundResponse({ description: 'No such machine, or the app is not active on it or has no credential.' })
  rotate(
    @NetworkId() networkId: string,
    @Machine() machine: string,
    @Param('app', AppParamPipe) app: string,
  ): Promise<RotatedAppCredentialDto> {
    return this.credentials.rotate(networkId, machine, app);
  }
}

import { Privilege } from '@clan/contracts';
import { Controller, Get, StreamableFile } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { NetworkAccess } from '../common/authz/access.decorator';
import { NetworkId, NetworkIdDoc } from '../common/http/route-params';
import { Pki } from './pki.service';
import { mobileConfig, pemToDer } from './x509';

const FILE_DOC = { schema: { type: 'string', format: 'binary' } } as const;

function download(body: string | Buffer, type: string, fileName: string): StreamableFile {
  return new StreamableFile(Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'), {
    type,
    disposition: `attachment; filename="${fileName}"`,
  });
}

/**
 * The network's certificate authority for its members to install
 * (docs/https.md): the apps of the network answer at
 * https://<app>.<machine>.<network>.clan with certificates it signed. Only
 * the certificate: the key never leaves the panel.
 */
@ApiTags('https')
@Controller('networks/:networkId')
export class PkiController {
  constructor(private readonly pki: Pki) {}

  @Get('ca.pem')
  @NetworkIdDoc()
  @NetworkAccess(Privilege.NetworkAudit)
  @ApiOperation({
    operationId: 'downloadNetworkCaPem',
    summary: "The network's CA certificate (PEM: Linux, Firefox, macOS Keychain); created on first use",
  })
  @ApiProduces('application/x-pem-file')
  @ApiOkResponse(FILE_DOC)
  @ApiNotFoundResponse({ description: 'No such network.' })
  async pem(@NetworkId() networkId: string): Promise<StreamableFile> {
    const ca = await this.pki.caCertificate(networkId);
    return download(ca.pem, 'application/x-pem-file', `${ca.network}-clan-ca.pem`);
  }

  @Get('ca.crt')
  @NetworkIdDoc()
  @NetworkAccess(Privilege.NetworkAudit)
  @ApiOperation({ operationId: 'downloadNetworkCaDer', summary: "The network's CA certificate (DER: Android, Windows)" })
  @ApiProduces('application/x-x509-ca-cert')
  @ApiOkResponse(FILE_DOC)
  @ApiNotFoundResponse({ description: 'No such network.' })
  async der(@NetworkId() networkId: string): Promise<StreamableFile> {
    const ca = await this.pki.caCertificate(networkId);
    return download(pemToDer(ca.pem), 'application/x-x509-ca-cert', `${ca.network}-clan-ca.crt`);
  }

  @Get('ca.mobileconfig')
  @NetworkIdDoc()
  @NetworkAccess(Privilege.NetworkAudit)
  @ApiOperation({
    operationId: 'downloadNetworkCaProfile',
    summary: "The network's CA certificate as an Apple configuration profile (iPhone, iPad, Mac)",
  })
  @ApiProduces('application/x-apple-aspen-config')
  @ApiOkResponse(FILE_DOC)
  @ApiNotFoundResponse({ description: 'No such network.' })
  async profile(@NetworkId() networkId: string): Promise<StreamableFile> {
    const ca = await this.pki.caCertificate(networkId);
    return download(mobileConfig(ca.pem, ca.network), 'application/x-apple-aspen-config', `${ca.network}-clan.mobileconfig`);
  }
}

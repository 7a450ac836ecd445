import { Privilege } from '@clan/contracts';
import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { NetworkAccess, Public } from '../common/authz/access.decorator';
import { NetworkId, NetworkIdDoc } from '../common/http/route-params';
import { SecretBox } from '../services/secrets/secret-box';
import { CA_FORMATS, type CaFormat, caFormat, checkSignedCaLink } from './ca-links';
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
/** The CA certificate of the network in one of its forms, as a download. */
async function caFile(pki: Pki, networkId: string, format: CaFormat): Promise<StreamableFile> {
  const ca = await pki.caCertificate(networkId);
  switch (format) {
    case 'pem':
      return download(ca.pem, 'application/x-pem-file', `${ca.network}-clan-ca.pem`);
    case 'crt':
      return download(pemToDer(ca.pem), 'application/x-x509-ca-cert', `${ca.network}-clan-ca.crt`);
    case 'mobileconfig':
      return download(mobileConfig(ca.pem, ca.network), 'application/x-apple-aspen-config', `${ca.network}-clan.mobileconfig`);
  }
}

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
  pem(@NetworkId() networkId: string): Promise<StreamableFile> {
    return caFile(this.pki, networkId, 'pem');
  }

  @Get('ca.crt')
  @NetworkIdDoc()
  @NetworkAccess(Privilege.NetworkAudit)
  @ApiOperation({ operationId: 'downloadNetworkCaDer', summary: "The network's CA certificate (DER: Android, Windows)" })
  @ApiProduces('application/x-x509-ca-cert')
  @ApiOkResponse(FILE_DOC)
  @ApiNotFoundResponse({ description: 'No such network.' })
  der(@NetworkId() networkId: string): Promise<StreamableFile> {
    return caFile(this.pki, networkId, 'crt');
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
  profile(@NetworkId() networkId: string): Promise<StreamableFile> {
    return caFile(this.pki, networkId, 'mobileconfig');
  }
}

/**
 * The same downloads through a signed, expiring link (ca-links.ts): what the
 * home page's QR code carries to a phone that is not signed in to the panel.
 */
@ApiTags('https')
@Controller('ca/:networkId/:format')
export class SignedCaLinkController {
  constructor(
    private readonly pki: Pki,
    private readonly box: SecretBox,
  ) {}

  @Get()
  @Public()
  @NetworkIdDoc()
  @ApiParam({ name: 'format', enum: CA_FORMATS })
  @ApiQuery({ name: 'expires', required: true, description: 'Unix seconds after which the link is refused.' })
  @ApiQuery({ name: 'signature', required: true, description: "The panel's signature of network, format and expiry." })
  @ApiOperation({
    operationId: 'downloadNetworkCaSigned',
    summary: "The network's CA certificate through a signed link from the home page (a phone's QR code), valid for a day",
  })
  @ApiProduces('application/x-pem-file', 'application/x-x509-ca-cert', 'application/x-apple-aspen-config')
  @ApiOkResponse(FILE_DOC)
  @ApiBadRequestResponse({ description: 'Unknown format.' })
  @ApiForbiddenResponse({ description: 'The link is not signed by this panel or has expired.' })
  @ApiNotFoundResponse({ description: 'No such network.' })
  signed(
    @NetworkId() networkId: string,
    @Param('format') format: string,
    @Query('expires') expires?: string,
    @Query('signature') signature?: string,
  ): Promise<StreamableFile> {
    const wanted = caFormat(format);
    checkSignedCaLink(
      this.box,
      networkId,
      wanted,
      typeof expires === 'string' ? expires : undefined,
      typeof signature === 'string' ? signature : undefined,
    );
    return caFile(this.pki, networkId, wanted);
  }
}

import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../common/authz/access.decorator';
import { CatalogAppsDto, CatalogSchemaDto } from './catalog.dto';
import { catalogApps, catalogSchemas } from './catalog';

@ApiTags('catalog')
@Controller('catalog')
export class CatalogController {
  @Get('apps')
  @Authenticated()
  @ApiOperation({
    operationId: 'listCatalogApps',
    summary: 'The apps a machine can run, with ports, backed-up state and the JSON Schema of their options',
  })
  @ApiOkResponse({ type: CatalogAppsDto })
  apps(): CatalogAppsDto {
    return { items: catalogApps() };
  }

  @Get('schema')
  @Authenticated()
  @ApiOperation({ operationId: 'getCatalogSchema', summary: 'JSON Schema of configs.json and of one machine config' })
  @ApiOkResponse({ type: CatalogSchemaDto })
  schema(): CatalogSchemaDto {
    return catalogSchemas();
  }
}

import { Global, Module } from '@nestjs/common';
import { ReadModelCache } from './read-model-cache';
import { TableGenerations } from './table-generations';

/** Cached answers of hot list endpoints, made stale by writes to their tables. */
@Global()
@Module({
  providers: [TableGenerations, ReadModelCache],
  exports: [TableGenerations, ReadModelCache],
})
export class ReadModelModule {}

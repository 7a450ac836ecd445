import { Global, Module } from '@nestjs/common';
import { ProcessRunner } from './process-runner';

/** The host-process adapter, injectable everywhere (see process-runner.ts). */
@Global()
@Module({ providers: [ProcessRunner], exports: [ProcessRunner] })
export class ProcessModule {}

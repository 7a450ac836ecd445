import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { MachineConsoleEntity } from './machine-console.entity';

export interface MachineConsoleSettings {
  display: boolean;
}

const DEFAULTS: MachineConsoleSettings = { display: false };

/** Reads and writes a machine's console settings; a machine without a row has the defaults. */
@Injectable()
export class MachineConsoleStore {
  constructor(@InjectRepository(MachineConsoleEntity) private readonly rows: Repository<MachineConsoleEntity>) {}

  async get(networkId: string, machine: string): Promise<MachineConsoleSettings> {
    const row = await this.rows.findOne({ where: { networkId, machine } });
    return row ? { display: row.display } : { ...DEFAULTS };
  }

  async set(networkId: string, machine: string, settings: MachineConsoleSettings): Promise<MachineConsoleSettings> {
    await this.rows.upsert({ networkId, machine, display: settings.display }, ['networkId', 'machine']);
    return this.get(networkId, machine);
  }
}

import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { NetworkEntity } from '../../networks/network.entity';

/**
 * Console settings of a machine (docs/consoles.md). `display` gives its VM a
 * graphical console (VNC on a unix socket) from the next time the domain is
 * defined. Kept by the panel rather than in configs.json: it is about how the
 * panel runs the VM, not about the NixOS system inside it.
 */
@Entity({ name: 'machine_consoles' })
export class MachineConsoleEntity {
  @PrimaryColumn({ type: 'uuid', name: 'network_id' })
  networkId!: string;

  @ManyToOne(() => NetworkEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'network_id' })
  network?: NetworkEntity;

  @PrimaryColumn({ type: 'varchar', length: 63 })
  machine!: string;

  @Column({ type: 'boolean', default: false })
  display!: boolean;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}

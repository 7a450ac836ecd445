import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { NetworkEntity } from '../networks/network.entity';

/**
 * A machine's current TLS certificate from its network's CA, kept so that a
 * deployment reuses it until it is within 30 days of its end or the
 * machine's names or mesh addresses change (docs/https.md).
 */
@Entity({ name: 'machine_certificates' })
export class MachineCertificateEntity {
  @PrimaryColumn({ type: 'uuid', name: 'network_id' })
  networkId!: string;

  @ManyToOne(() => NetworkEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'network_id' })
  network?: NetworkEntity;

  @PrimaryColumn({ type: 'varchar', length: 63 })
  machine!: string;

  @Column({ type: 'text', name: 'certificate_pem' })
  certificatePem!: string;

  /** SecretBox-sealed PKCS#8 PEM. */
  @Column({ type: 'text', name: 'private_key_encrypted' })
  privateKeyEncrypted!: string;

  /** The names and addresses it was issued for (x509.ts sanKey). */
  @Column({ type: 'text', name: 'san_key' })
  sanKey!: string;

  @Column({ type: 'timestamptz', name: 'not_after' })
  notAfter!: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'issued_at' })
  issuedAt!: Date;
}

import { Column, CreateDateColumn, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { NetworkEntity } from '../networks/network.entity';

/**
 * A network's certificate authority (docs/https.md), created on first need.
 * The certificate is public; the private key is sealed with the panel's
 * SecretBox and never leaves the panel.
 */
@Entity({ name: 'network_cas' })
export class NetworkCaEntity {
  @PrimaryColumn({ type: 'uuid', name: 'network_id' })
  networkId!: string;

  @OneToOne(() => NetworkEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'network_id' })
  network?: NetworkEntity;

  @Column({ type: 'text', name: 'certificate_pem' })
  certificatePem!: string;

  /** SecretBox-sealed PKCS#8 PEM. */
  @Column({ type: 'text', name: 'private_key_encrypted' })
  privateKeyEncrypted!: string;

  @Column({ type: 'timestamptz', name: 'not_after' })
  notAfter!: Date;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}

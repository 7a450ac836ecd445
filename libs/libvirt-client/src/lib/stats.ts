import { VmState, vmStateFromCode } from './vm-state';

export interface DomainBlockStats {
  name: string;
  readBytes: number;
  writeBytes: number;
}
export interface DomainNetStats {
  name: string;
  rxBytes: number;
  txBytes: number;
}
export interface DomainStats {
  domain: string;
  state: VmState;
  /** Total guest CPU time in nanoseconds. */
  cpuTimeNs?: number;
  /** Memory the balloon currently gives the guest, KiB. */
  balloonCurrentKiB?: number;
  /** Maximum balloon size, KiB. */
  balloonMaximumKiB?: number;
  block: DomainBlockStats[];
  net: DomainNetStats[];
  /** Every key=value virsh printed, for fields not modelled above. */
  raw: Record<string, string>;
}

const num = (v: string | undefined) => (v === undefined || v === '' || Number.isNaN(Number(v)) ? undefined : Number(v));

function indexed<T>(raw: Record<string, string>, prefix: 'block' | 'net', make: (get: (k: string) => string | undefined) => T): T[] {
  const count = num(raw[`${prefix}.count`]) ?? 0;
  return Array.from({ length: count }, (_, i) => make((k) => raw[`${prefix}.${i}.${k}`]));
}

/** Parses `virsh domstats --raw` output (all domains in one run) into typed records. */
export function parseDomstats(output: string): DomainStats[] {
  const raws: { domain: string; raw: Record<string, string> }[] = [];
  for (const line of output.split('\n')) {
    const head = /^Domain: '(.*)'\s*$/.exec(line);
    if (head) {
      raws.push({ domain: head[1] ?? '', raw: {} });
      continue;
    }
    const kv = /^\s+([^=\s]+)=(.*)$/.exec(line);
    const current = raws[raws.length - 1];
    if (kv && current) current.raw[kv[1] ?? ''] = kv[2] ?? '';
  }
  return raws.map(({ domain, raw }) => ({
    domain,
    state: vmStateFromCode(num(raw['state.state']) ?? 0),
    cpuTimeNs: num(raw['cpu.time']),
    balloonCurrentKiB: num(raw['balloon.current']),
    balloonMaximumKiB: num(raw['balloon.maximum']),
    block: indexed(raw, 'block', (g) => ({
      name: g('name') ?? '',
      readBytes: num(g('rd.bytes')) ?? 0,
      writeBytes: num(g('wr.bytes')) ?? 0,
    })),
    net: indexed(raw, 'net', (g) => ({
      name: g('name') ?? '',
      rxBytes: num(g('rx.bytes')) ?? 0,
      txBytes: num(g('tx.bytes')) ?? 0,
    })),
    raw,
  }));
}

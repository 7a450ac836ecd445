/** A machine that has a libvirt domain of this panel. */
export interface MachineDomain {
  networkId: string;
  machine: string;
  domainName: string;
}

/**
 * Which libvirt domain belongs to which machine, read from the VM manager's
 * machine state (vms/machine-state.service.ts, its only writer, provides this
 * port). Readers such as the consoles depend on it instead of the VM module,
 * so no `consoles → vms` import exists.
 */
export abstract class MachineDomains {
  /** The machine's domain, or null when it has none (never defined, or removed). */
  abstract domainOf(networkId: string, machine: string): Promise<string | null>;
  /** The machines of these domains (domains of no machine are left out). */
  abstract machinesOf(domainNames: string[]): Promise<MachineDomain[]>;
}

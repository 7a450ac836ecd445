import { Foundation1795431082798 } from './1795431082798-foundation';
import { MachineState1795434302058 } from './1795434302058-machine-state';
import { VmManager1795449170670 } from './1795449170670-vm-manager';
import { Metrics1795450368610 } from './1795450368610-metrics';
import { Mesh1795456290863 } from './1795456290863-mesh';

/** Every migration, in order. Generate new ones with `npm run db:migration -- <Name>`. */
export const MIGRATIONS = [
  Foundation1795431082798,
  MachineState1795434302058,
  VmManager1795449170670,
  Metrics1795450368610,
  Mesh1795456290863,
];

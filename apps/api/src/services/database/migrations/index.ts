import { Foundation1795431082798 } from './1795431082798-foundation';
import { MachineState1795434302058 } from './1795434302058-machine-state';

/** Every migration, in order. Generate new ones with `npm run db:migration -- <Name>`. */
export const MIGRATIONS = [Foundation1795431082798, MachineState1795434302058];

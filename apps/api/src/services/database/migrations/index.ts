import { Foundation1795431082798 } from './1795431082798-foundation';

/** Every migration, in order. Generate new ones with `npm run db:migration -- <Name>`. */
export const MIGRATIONS = [Foundation1795431082798];

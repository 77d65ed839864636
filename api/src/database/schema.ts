import { ApiKey } from '../keys/api-key.entity.js';
import { Workspace } from '../workspaces/workspace.entity.js';
import { Init1764100000000 } from './migrations/1764100000000-Init.js';
import { ExportOrder1764200000000 } from './migrations/1764200000000-ExportOrder.js';
import { Accounts1764400000000 } from './migrations/1764400000000-Accounts.js';
import { Rollups1764500000000 } from './migrations/1764500000000-Rollups.js';
import { ContactSets1764600000000 } from './migrations/1764600000000-ContactSets.js';
import { HourlyConversations1764700000000 } from './migrations/1764700000000-HourlyConversations.js';
import { LoginAttempts1764830000000 } from './migrations/1764830000000-LoginAttempts.js';

/** Migrations run in this order on every start; the schema is never synchronised from entities. */
export const MIGRATIONS = [Init1764100000000, ExportOrder1764200000000, Accounts1764400000000, Rollups1764500000000, ContactSets1764600000000, HourlyConversations1764700000000, LoginAttempts1764830000000];
export const ENTITIES = [Workspace, ApiKey];

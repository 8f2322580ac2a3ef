// Every module's OpenAPI entries. A new route module adds its `docs` file here (the route-coverage test fails until
// every public route is documented, and for documented routes that do not exist).
import type { RouteDoc } from '../registry';
import { docs as accounts } from './accounts';
import { docs as agents } from './agents';
import { docs as analytics } from './analytics';
import { docs as audit } from './audit';
import { docs as billing } from './billing';
import { docs as budgets } from './budgets';
import { docs as knowledge } from './knowledge';
import { docs as connections } from './connections';
import { docs as creatorPayouts } from './creator-payouts';
import { docs as embed } from './embed';
import { docs as feedback } from './feedback';
import { docs as marketplaceCommunity } from './marketplace-community';
import { docs as listings } from './listings';
import { docs as marketplace } from './marketplace';
import { docs as mcp } from './mcp';
import { docs as openai } from './openai';
import { docs as runs } from './runs';
import { docs as sessions } from './sessions';
import { docs as share } from './share';
import { docs as teams } from './teams';
import { docs as tools } from './tools';
import { docs as workflows } from './workflows';
import { docs as triggers } from './triggers';

export const ROUTE_DOCS: RouteDoc[] = [
  ...accounts,
  ...teams,
  ...agents,
  ...sessions,
  ...connections,
  ...tools,
  ...embed,
  ...share,
  ...openai,
  ...mcp,
  ...audit,
  ...workflows,
  ...runs,
  ...triggers,
  ...budgets,
  ...knowledge,
  ...analytics,
  ...feedback,
  ...billing,
  ...marketplaceCommunity,
  ...creatorPayouts,
  ...listings,
  ...marketplace,
];

// The signed-in app pages (/app): home and the agents list. Later issues add the builder, chat and settings.
import { Hono, type Context } from 'hono';
import { AppHomePage, type AgentSummary } from '../../views/pages/app-home-page';
import { AgentsPage } from '../../views/pages/agents-page';
import type { AgentRow } from '../db/tenant-db';
import type { AppEnv } from '../env';
import { requirePageSession } from '../middleware/auth';
import { chatPages } from './pages-chat';
import { identity } from '../services/identity';

const summary = (a: AgentRow): AgentSummary => ({
  id: a.id,
  name: a.name,
  description: a.description,
  model: a.model,
  version: a.version,
  updated_at: new Date(a.updatedAt).toISOString(),
});

async function pageContext(c: Context<AppEnv>) {
  const auth = c.var.auth;
  const [who, agents] = await Promise.all([
    identity(c.var.db, auth.userId!),
    c.var.db.agents.list({ limit: 100, cursor: null }),
  ]);
  return {
    user: { name: who.user.name, email: who.user.email },
    tenant: { id: who.tenant.id, name: who.tenant.name },
    role: auth.role,
    csrfToken: auth.kind === 'session' ? auth.csrfToken : '',
    agents: agents.map(summary),
  };
}

export const appPages = new Hono<AppEnv>()
  .use(requirePageSession())
  .get('/', async (c) => c.html(<AppHomePage {...await pageContext(c)} />))
  .get('/agents', async (c) => c.html(<AgentsPage {...await pageContext(c)} />))
  .route('/', chatPages);

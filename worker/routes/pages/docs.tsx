// The API's own documentation: GET /api/v1/openapi.json (OpenAPI 3.1, built from the route registry in
// worker/openapi/) and GET /docs (guides and reference rendered from it, self-hosted). Both are public.
import { Hono } from 'hono';
import { DocsPage } from '../../../views/pages/docs-page';
import { NATIVE_GUIDES } from '../../../views/docs/guides';
import { ROLES_GUIDE } from '../../../views/docs/guide-roles';
import { TEAMS_GUIDE } from '../../../views/docs/guide-teams';
import { CLIENTS_GUIDE } from '../../../views/docs/guide-clients';
import { INTEGRATION_GUIDES } from '../../../views/docs/guides-integrations';
import { SHARING_GUIDE } from '../../../views/docs/guide-sharing';
import { FEEDBACK_GUIDE } from '../../../views/docs/guide-feedback';
import { WORKFLOWS_GUIDE } from '../../../views/docs/guide-workflows';
import { TRIGGERS_GUIDE } from '../../../views/docs/guide-triggers';
import { BUDGETS_GUIDE } from '../../../views/docs/guide-budgets';
import { BILLING_GUIDE } from '../../../views/docs/guide-billing';
import { MARKETPLACE_GUIDE } from '../../../views/docs/guide-marketplace';
import { QUOTAS_GUIDE } from '../../../views/docs/guide-quotas';
import { KNOWLEDGE_GUIDE } from '../../../views/docs/guide-knowledge';
import type { AppEnv } from '../../env';
import { openApiDocument } from '../../openapi/document';

const GUIDES = [
  NATIVE_GUIDES[0]!,
  INTEGRATION_GUIDES[0]!,
  ...NATIVE_GUIDES.slice(1, 3),
  ...INTEGRATION_GUIDES.slice(1),
  CLIENTS_GUIDE,
  ROLES_GUIDE,
  TEAMS_GUIDE,
  SHARING_GUIDE,
  FEEDBACK_GUIDE,
  WORKFLOWS_GUIDE,
  TRIGGERS_GUIDE,
  BUDGETS_GUIDE,
  BILLING_GUIDE,
  QUOTAS_GUIDE,
  KNOWLEDGE_GUIDE,
  MARKETPLACE_GUIDE,
  ...NATIVE_GUIDES.slice(3),
];
const pages = new Map<string, string>();

export const docRoutes = new Hono<AppEnv>()
  .get('/api/v1/openapi.json', (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    c.header('Access-Control-Allow-Origin', '*');
    return c.json(openApiDocument(new URL(c.req.url).origin));
  })
  .get('/docs', (c) => {
    const origin = new URL(c.req.url).origin;
    // The page depends only on the origin: rendered once per origin and isolate.
    let html = pages.get(origin);
    if (!html) {
      html = String(<DocsPage origin={origin} document={openApiDocument(origin)} guides={GUIDES} />);
      if (pages.size < 20) pages.set(origin, html);
    }
    c.header('Cache-Control', 'public, max-age=300');
    return c.html(html);
  });

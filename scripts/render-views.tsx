// Dev tool: renders every page with sample data (including hostile strings) to static HTML for screenshots.
// Usage: node_modules/.bin/esbuild scripts/render-views.tsx --bundle --platform=node --format=esm \
//          --outfile=/tmp/render-views.mjs && node /tmp/render-views.mjs [/tmp/edgent-views]
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Child } from 'hono/jsx';
import { AgentsPage } from '../views/pages/agents-page';
import { AppHomePage, type AgentSummary } from '../views/pages/app-home-page';
import { ErrorPage } from '../views/pages/error-page';
import { LoginPage } from '../views/pages/login-page';
import { SignupPage } from '../views/pages/signup-page';

const out = process.argv[2] ?? '/tmp/edgent-views';
const evil = '<img src=x onerror=alert(1)>';
const user = { name: evil, email: 'ada@example.com' };
const base = { user, tenant: { id: 'ten_1', name: 'Acme Robotics' }, role: 'owner', csrfToken: 'csrf"><script>x</script>' };
const agents: AgentSummary[] = [
  { id: 'agt_hello', name: 'Hello World', description: 'A friendly starter agent that answers questions and shows how tools work.', model: 'gpt-4o-mini', version: 1, updated_at: '2026-04-20 09:12:00' },
  { id: 'agt_support', name: 'Support triage', description: 'Reads new tickets, tags them and drafts a first reply for the team to review before sending.', model: 'llama-3.1-70b-instruct', version: 7, updated_at: '2026-05-02T15:40:00.000Z' },
  { id: 'agt_x"y', name: evil, description: null, model: 'gpt-4.1', version: 3, updated_at: 'not a date' },
];

const pages: Record<string, Child> = {
  signup: <SignupPage values={{}} errors={{}} />,
  'signup-errors': (
    <SignupPage
      values={{ email: 'ada@example', organization: evil, name: 'Ada' }}
      errors={{ email: 'Enter a valid email address.', password: 'Use at least 10 characters.' }}
      formError="We could not create your account. Check the fields below."
    />
  ),
  login: <LoginPage values={{}} errors={{}} next="/app/agents" />,
  'login-error': <LoginPage values={{ email: 'ada@example.com' }} errors={{}} formError="Email or password is incorrect." />,
  home: <AppHomePage {...base} agents={agents} />,
  'home-empty': <AppHomePage {...base} user={{ name: null, email: 'solo@example.com' }} agents={[]} />,
  agents: <AgentsPage {...base} agents={agents} />,
  'agents-empty': <AgentsPage {...base} agents={[]} />,
  error: <ErrorPage status={404} title="Page not found" message={`No page at ${evil}.`} requestId="req_01J9ZK3V7Q" />,
};

mkdirSync(out, { recursive: true });
cpSync('views/static', out, { recursive: true });
for (const [name, node] of Object.entries(pages)) {
  const html = await String(await (node as { toString(): string | Promise<string> }).toString());
  writeFileSync(join(out, `${name}.html`), html);
  console.log(`${join(out, name)}.html`);
}

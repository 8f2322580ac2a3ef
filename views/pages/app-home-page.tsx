// GET /app: the signed-in home: the organization's name, a getting-started checklist and its agents.
import { AgentCards, chatHref, type AgentSummary } from '../components/agent-list';
import { ButtonLink } from '../components/button';
import { EmptyState } from '../components/empty-state';
import { Icon } from '../components/icon';
import { PageHeader } from '../components/page-header';
import { AppLayout, type LayoutUser } from '../layouts/app-layout';

export type { AgentSummary };

export function AppHomePage(props: {
  user: LayoutUser;
  tenant: { id: string; name: string };
  role: string;
  csrfToken: string;
  agents: AgentSummary[];
}) {
  const helloWorld = props.agents.find((a) => a.name.trim().toLowerCase() === 'hello world') ?? props.agents[0];
  const firstName = props.user.name?.trim().split(/\s+/)[0];
  const steps = [
    {
      title: 'Add a model connection',
      text: 'Bring your own OpenAI or OpenAI-compatible key. It is encrypted and never shown again.',
      href: '/app/connections',
      cta: 'Add connection',
    },
    {
      title: 'Chat with Hello World',
      text: 'Your workspace comes with a ready agent. Say hello and watch it stream.',
      href: helloWorld ? chatHref(helloWorld) : '/app/agents',
      cta: 'Open chat',
    },
    {
      title: 'Build your own agent',
      text: 'Write instructions, pick a model and give it tools.',
      href: '/app/agents',
      cta: 'Go to agents',
    },
  ];
  return (
    <AppLayout title="Home" user={props.user} tenant={props.tenant} role={props.role} csrfToken={props.csrfToken} active="home">
      <PageHeader
        eyebrow={firstName ? `Welcome back, ${firstName}` : 'Welcome back'}
        title={props.tenant.name}
        description="Build, run and share AI agents from one place."
      />
      <section class="card checklist" aria-labelledby="getting-started">
        <div class="section-head">
          <h2 class="section-title" id="getting-started">
            Getting started
          </h2>
          <p class="muted">Three steps to your first useful agent.</p>
        </div>
        <ol class="steps" role="list">
          {steps.map((step, i) => (
            <li class="step">
              <span class="step-number" aria-hidden="true">
                {i + 1}
              </span>
              <div class="step-text">
                <h3 class="step-title">{step.title}</h3>
                <p class="muted">{step.text}</p>
              </div>
              <a class="btn btn-secondary btn-sm step-cta" href={step.href}>
                {step.cta}
                <span class="sr-only">: {step.title}</span>
                <Icon name="arrow" />
              </a>
            </li>
          ))}
        </ol>
      </section>
      <section class="section" aria-labelledby="agents-heading">
        <div class="section-head">
          <h2 class="section-title" id="agents-heading">
            Agents
          </h2>
          {props.agents.length > 0 && (
            <a class="link-quiet" href="/app/agents">
              View all
            </a>
          )}
        </div>
        {props.agents.length > 0 ? (
          <AgentCards agents={props.agents} />
        ) : (
          <EmptyState
            title="No agents yet"
            description="Agents answer questions, call your tools and run at the edge, close to your users."
            action={
              <ButtonLink href="/app/agents">
                <Icon name="plus" />
                Create an agent
              </ButtonLink>
            }
          />
        )}
      </section>
    </AppLayout>
  );
}

// Starter workflows (POST /api/v1/workflows {template}): each is data plus a function of the agents that fill its
// roles. A role the caller does not fill uses the organization's agent with the role's slug, made when absent.
import type { WorkflowTemplateJson } from '../schemas/workflow-api';
import type { WorkflowDefinition } from '../schemas/workflows';

export type TemplateRole = {
  description: string;
  /** The agent made for the role when the organization has none with this slug (and the caller chose none). */
  agent: { slug: string; name: string; description: string; instructions: string };
};

export type WorkflowTemplate = {
  id: string;
  name: string;
  summary: string;
  roles: Record<string, TemplateRole>;
  build: (agents: Record<string, string>) => { description: string; definition: WorkflowDefinition };
};

export const WORKFLOW_TEMPLATES: WorkflowTemplate[] = [
  {
    id: 'research-fan-out',
    name: 'Research fan-out',
    summary: 'Researches each topic in parallel (a map of agent steps), then one agent writes the summary.',
    roles: {
      researcher: {
        description: 'Researches one topic',
        agent: {
          slug: 'workflow-researcher',
          name: 'Researcher',
          description: 'Researches one topic of a larger question (used by the Research fan-out workflow).',
          instructions:
            'You research one topic of a larger question. Answer with the key facts about the topic that bear on the question, as a short list. Say plainly when you do not know something; never invent sources.',
        },
      },
      summarizer: {
        description: 'Writes the summary from every finding',
        agent: {
          slug: 'workflow-summarizer',
          name: 'Summarizer',
          description: 'Turns research findings into one answer (used by the Research fan-out workflow).',
          instructions:
            'You receive a question and the findings of several researchers, one per topic. Write one clear answer to the question from those findings: a short summary first, then the details. Point out where findings disagree.',
        },
      },
    },
    build: (a) => ({
      description: 'Researches each topic in parallel, then summarizes the findings.',
      definition: {
        inputs: {
          question: { type: 'string', required: true, description: 'What to find out' },
          topics: { type: 'array', required: true, description: 'The topics to research, one researcher each' },
        },
        steps: [
          {
            id: 'research',
            kind: 'map',
            name: 'Research each topic',
            over: '{{inputs.topics}}',
            concurrency: 5,
            step: { kind: 'agent', agent_id: a.researcher!, input: 'Question: {{inputs.question}}\n\nResearch this topic: {{item}}' },
            position: { x: 0, y: 0 },
          },
          {
            id: 'summary',
            kind: 'agent',
            name: 'Summarize',
            agent_id: a.summarizer!,
            needs: ['research'],
            input: 'Question: {{inputs.question}}\n\nFindings, one per topic, in order:\n{{steps.research.output}}',
            position: { x: 0, y: 160 },
          },
        ],
        output: '{{steps.summary.output}}',
      },
    }),
  },
  {
    id: 'support-triage',
    name: 'Support triage',
    summary: 'A router sorts a customer message: questions are answered, refunds wait for a person’s approval, bugs are filed.',
    roles: {
      triager: {
        description: 'Picks the route: question, refund or bug',
        agent: {
          slug: 'workflow-triager',
          name: 'Triage',
          description: 'Sorts customer messages (used by the Support triage workflow).',
          instructions: 'You sort customer messages. A refund request is "refund"; a report that something is broken is "bug"; anything else is "question".',
        },
      },
      support: {
        description: 'Writes the replies to the customer',
        agent: {
          slug: 'workflow-support',
          name: 'Support replies',
          description: 'Writes replies to customers (used by the Support triage workflow).',
          instructions:
            'You write short, friendly replies to customers. Never promise anything the message you are given does not allow; when unsure, say a person will follow up.',
        },
      },
    },
    build: (a) => ({
      description: 'Routes a customer message to an answer, a refund (after approval) or a bug report.',
      definition: {
        inputs: {
          message: { type: 'string', required: true, description: 'The customer’s message' },
          customer: { type: 'string', description: 'Who wrote it', default: 'a customer' },
        },
        steps: [
          {
            id: 'triage',
            kind: 'router',
            name: 'Triage',
            agent_id: a.triager!,
            input: '{{inputs.message}}',
            routes: { question: ['answer'], refund: ['refund_approval'], bug: ['bug_report'] },
            position: { x: 0, y: 0 },
          },
          {
            id: 'answer',
            kind: 'agent',
            name: 'Answer',
            agent_id: a.support!,
            needs: ['triage'],
            input: 'Answer this message from {{inputs.customer}}:\n\n{{inputs.message}}',
            position: { x: -260, y: 160 },
          },
          {
            id: 'refund_approval',
            kind: 'approval',
            name: 'Approve the refund',
            needs: ['triage'],
            message: '{{inputs.customer}} asks for a refund:\n\n{{inputs.message}}\n\nApprove it?',
            position: { x: 0, y: 160 },
          },
          {
            id: 'refund_reply',
            kind: 'agent',
            name: 'Confirm the refund',
            agent_id: a.support!,
            needs: ['refund_approval'],
            input: 'The refund was approved. Tell {{inputs.customer}} so, replying to:\n\n{{inputs.message}}',
            position: { x: 0, y: 320 },
          },
          {
            id: 'bug_report',
            kind: 'transform',
            name: 'File the bug',
            needs: ['triage'],
            value: { type: 'bug', customer: '{{inputs.customer}}', report: '{{inputs.message}}' },
            position: { x: 260, y: 160 },
          },
          {
            id: 'result',
            kind: 'transform',
            name: 'Result',
            needs: ['answer', 'refund_reply', 'bug_report'],
            value: { route: '{{steps.triage.output}}', reply: '{{steps.answer.output}}{{steps.refund_reply.output}}', bug: '{{steps.bug_report.output}}' },
            position: { x: 0, y: 480 },
          },
        ],
        output: '{{steps.result.output}}',
      },
    }),
  },
  {
    id: 'content-pipeline',
    name: 'Content pipeline',
    summary: 'A writer drafts, an editor reviews, the writer revises, and a person approves before it is published.',
    roles: {
      writer: {
        description: 'Drafts and revises',
        agent: {
          slug: 'workflow-writer',
          name: 'Writer',
          description: 'Drafts and revises content (used by the Content pipeline workflow).',
          instructions:
            'You write clear, well-structured content for the audience you are given. When you get editor notes, apply them and return the whole revised text.',
        },
      },
      editor: {
        description: 'Reviews the draft',
        agent: {
          slug: 'workflow-editor',
          name: 'Editor',
          description: 'Reviews drafts (used by the Content pipeline workflow).',
          instructions:
            'You are a demanding editor. Review the draft you are given: list concrete changes (structure, accuracy, tone, length), most important first. Do not rewrite it yourself.',
        },
      },
    },
    build: (a) => ({
      description: 'Draft, review, revise, and a person’s approval before publishing.',
      definition: {
        inputs: {
          brief: { type: 'string', required: true, description: 'What to write' },
          audience: { type: 'string', description: 'Who it is for', default: 'a general audience' },
        },
        steps: [
          {
            id: 'draft',
            kind: 'agent',
            name: 'Draft',
            agent_id: a.writer!,
            input: 'Write this for {{inputs.audience}}:\n\n{{inputs.brief}}',
            position: { x: 0, y: 0 },
          },
          {
            id: 'review',
            kind: 'agent',
            name: 'Review',
            agent_id: a.editor!,
            input: 'Review this draft written for {{inputs.audience}}:\n\n{{steps.draft.output}}',
            position: { x: 0, y: 160 },
          },
          {
            id: 'revise',
            kind: 'agent',
            name: 'Revise',
            agent_id: a.writer!,
            input: 'Revise your draft with the editor’s notes.\n\nDraft:\n{{steps.draft.output}}\n\nNotes:\n{{steps.review.output}}',
            position: { x: 0, y: 320 },
          },
          {
            id: 'approve',
            kind: 'approval',
            name: 'Approve for publishing',
            message: 'Publish this?\n\n{{steps.revise.output}}',
            needs: ['revise'],
            position: { x: 0, y: 480 },
          },
          {
            id: 'publish',
            kind: 'transform',
            name: 'Publish',
            needs: ['approve'],
            value: { content: '{{steps.revise.output}}', brief: '{{inputs.brief}}' },
            position: { x: 0, y: 640 },
          },
        ],
        output: '{{steps.publish.output}}',
      },
    }),
  },
];

export const workflowTemplate = (id: string) => WORKFLOW_TEMPLATES.find((t) => t.id === id);
export const TEMPLATE_IDS = WORKFLOW_TEMPLATES.map((t) => t.id) as [string, ...string[]];

/** The template as the API lists it (GET /api/v1/workflow-templates). */
export function workflowTemplateJson(t: WorkflowTemplate): WorkflowTemplateJson {
  const example = t.build(Object.fromEntries(Object.keys(t.roles).map((r) => [r, `{{agent:${r}}}`])));
  return {
    id: t.id,
    name: t.name,
    summary: t.summary,
    roles: Object.entries(t.roles).map(([role, r]) => ({ role, description: r.description, default_agent: { slug: r.agent.slug, name: r.agent.name } })),
    inputs: example.definition.inputs,
    steps: example.definition.steps.map((s) => ({ id: s.id, kind: s.kind, name: s.name ?? s.id })),
  };
}

// Workflow domain logic: create (from a definition or a starter template), read, change (every save a version),
// delete, version history and restore, and the API shapes of workflows and their versions.
import { z } from 'zod';
import type { PageParams } from '../db/page';
import type { TenantDb, WorkflowContent, WorkflowRow, WorkflowVersionRow } from '../db/tenant-db';
import { isId } from '../db/ids';
import { AppError, notFound } from '../errors';
import type { Actor } from '../lib/actor';
import { diffFields } from '../lib/audit-diff';
import { iso } from '../lib/iso';
import { slugify, uniqueSlug } from '../lib/slug';
import { definition as definitionSchema, type WorkflowJson, type WorkflowVersionJson } from '../schemas/workflows';
import { createAgent, findAgentByRef } from './agents';
import { DEFAULT_MODEL } from './starter-agent';
import { assertValidDefinition } from './workflow-validation';
import { TEMPLATE_IDS, workflowTemplate } from './workflow-templates';

const fields = {
  name: z.string().trim().min(1, 'Name the workflow').max(100),
  slug: z
    .string()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Use lowercase letters, digits and dashes')
    .max(64),
  description: z.string().trim().max(500).nullable(),
  /** Checked by validateDefinition (errors name the step), not here. */
  definition: z.unknown(),
};

export const createWorkflowSchema = z
  .strictObject({
    name: fields.name.optional(),
    slug: fields.slug.optional(),
    description: fields.description.optional(),
    definition: fields.definition.optional(),
    template: z.enum(TEMPLATE_IDS).optional().describe('A starter template (GET /api/v1/workflow-templates) instead of a definition'),
    agents: z
      .record(z.string().max(40), z.string().max(64))
      .optional()
      .describe(
        "With `template`: the agent (id or slug) for each of the template's roles; a role left out uses the organization's agent with the role's default slug, made when absent",
      ),
  })
  .superRefine((v, ctx) => {
    if ((v.definition === undefined) === (v.template === undefined))
      ctx.addIssue({ code: 'custom', path: ['definition'], message: 'Send either a definition or a template' });
    if (v.definition !== undefined && v.name === undefined) ctx.addIssue({ code: 'custom', path: ['name'], message: 'Name the workflow' });
    if (v.agents !== undefined && v.template === undefined) ctx.addIssue({ code: 'custom', path: ['agents'], message: 'agents go with a template' });
  });

export const updateWorkflowSchema = z.strictObject(fields).partial();

/** The bodies as the OpenAPI document shows them: `definition` is a WorkflowDefinition (checked by validateDefinition). */
export const createWorkflowDoc = createWorkflowSchema.safeExtend({ definition: definitionSchema.optional() });
export const updateWorkflowDoc = updateWorkflowSchema.safeExtend({ definition: definitionSchema.optional() });

type CreateInput = z.infer<typeof createWorkflowSchema>;
type UpdateInput = z.infer<typeof updateWorkflowSchema>;

/** The workflow (its current version's definition in `definition`, its number in `version`); 404 when not the tenant's. */
export async function getWorkflow(db: TenantDb, id: string): Promise<WorkflowRow> {
  const row = isId('workflow', id) ? await db.workflows.get(id) : undefined;
  if (!row) throw notFound('Workflow');
  return row;
}

/** Version `n` of the workflow; 404 when the workflow or the version does not exist for the tenant. */
export async function getWorkflowVersion(db: TenantDb, id: string, n: number): Promise<WorkflowVersionRow> {
  const version = isId('workflow', id) && Number.isInteger(n) && n > 0 ? await db.workflows.getVersion(id, n) : undefined;
  if (!version) throw notFound('Workflow version');
  return version;
}

const isUniqueViolation = (e: unknown) => String(e).includes('UNIQUE constraint failed');
const slugTaken = () => new AppError('conflict', 'Another workflow already uses this slug', [{ path: 'slug', message: 'is taken' }]);

async function pickSlug(db: TenantDb, wanted: string | undefined, name: string, currentId?: string): Promise<string> {
  if (wanted) {
    const holder = await db.workflows.getBySlug(wanted);
    if (holder && holder.id !== currentId) throw slugTaken();
    return wanted;
  }
  const base = slugify(name, 'workflow');
  return uniqueSlug(base, await db.workflows.slugsLike(base));
}

type Audited = WorkflowContent & { slug: string };
const AUDITED: Record<string, (w: Audited) => unknown> = {
  name: (w) => w.name,
  slug: (w) => w.slug,
  description: (w) => w.description,
  steps: (w) => w.definition.steps.map((s) => s.id),
};
const sameDefinition = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Creates a workflow from `{name, definition}` or from `{template, agents?}` (version 1). */
export async function createWorkflow(db: TenantDb, input: CreateInput, actor: Actor): Promise<WorkflowRow> {
  let content: WorkflowContent;
  if (input.template !== undefined) {
    const made = await fromTemplate(db, input.template, input.agents ?? {}, actor);
    content = {
      name: input.name ?? made.name,
      description: input.description !== undefined ? input.description : made.description,
      definition: made.definition,
    };
  } else {
    content = { name: input.name!, description: input.description ?? null, definition: await assertValidDefinition(db, db.viewer, input.definition) };
  }
  const slug = await pickSlug(db, input.slug, content.name);
  try {
    const row = await db.workflows.create(content, slug, actor);
    actor.audit({
      action: 'workflow.create',
      resource: { type: 'workflow', id: row.id },
      changes: { ...diffFields(AUDITED, null, row), ...(input.template ? { template: { after: input.template } } : {}) },
    });
    return row;
  } catch (e) {
    if (isUniqueViolation(e)) throw slugTaken();
    throw e;
  }
}

/**
 * The template's workflow with each role filled: the agent the caller chose (id or slug, one they may see), else the
 * organization's agent with the role's slug, else a new agent made from the role's defaults (audited like any).
 */
async function fromTemplate(db: TenantDb, id: string, chosen: Record<string, string>, actor: Actor) {
  const t = workflowTemplate(id);
  if (!t) throw new AppError('validation_failed', 'No such template', [{ path: 'template', message: `is not a template: ${id}` }]);
  const details: { path: string; message: string }[] = [];
  for (const role of Object.keys(chosen))
    if (!Object.hasOwn(t.roles, role)) details.push({ path: `agents.${role}`, message: `is not a role of ${t.id} (${Object.keys(t.roles).join(', ')})` });
  const agents: Record<string, string> = {};
  for (const role of Object.keys(t.roles)) {
    const want = Object.hasOwn(chosen, role) ? chosen[role] : undefined;
    if (want === undefined) continue;
    const agent = await findAgentByRef(db, want);
    if (agent) agents[role] = agent.id;
    else details.push({ path: `agents.${role}`, message: `No such agent: ${want}` });
  }
  // Nothing is made unless the whole request is good.
  if (details.length) throw new AppError('validation_failed', 'The template cannot be used as asked', details);
  for (const [role, spec] of Object.entries(t.roles)) {
    if (agents[role]) continue;
    const existing = await findAgentByRef(db, spec.agent.slug);
    agents[role] = existing
      ? existing.id
      : (
          await createAgent(
            db,
            {
              ...spec.agent,
              model: DEFAULT_MODEL,
              max_steps: 8,
              tool_ids: [],
              variables: {},
              runtime: 'edge',
              callable_agent_ids: [],
              knowledge_base_ids: [],
              knowledge_retrieval: 'tool',
              visibility: 'team',
            },
            actor,
          )
        ).id;
  }
  const built = t.build(agents);
  return { name: t.name, description: built.description, definition: await assertValidDefinition(db, db.viewer, built.definition) };
}

async function writeVersion(db: TenantDb, current: WorkflowRow, content: WorkflowContent, slug: string, actor: Actor, restoredFrom?: number) {
  try {
    const row = await db.workflows.update(current, content, slug, actor, restoredFrom ?? null);
    if (row.version !== current.version + 1) throw new AppError('conflict', 'The workflow changed while you were editing it; reload and try again');
    const changes = {
      ...diffFields(AUDITED, current, row),
      ...(sameDefinition(current.definition, row.definition) ? {} : { definition: { changed: true as const } }),
      version: { before: current.version, after: row.version },
    };
    actor.audit({
      action: restoredFrom ? 'workflow.restore' : 'workflow.update',
      resource: { type: 'workflow', id: current.id },
      changes: restoredFrom ? { ...changes, restored_from: { after: restoredFrom } } : changes,
    });
    return row;
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('conflict', 'The workflow changed while you were editing it; reload and try again');
    throw e;
  }
}

/** Writes a new version with the patch applied, unless nothing changes (then the workflow is answered as it is). */
export async function updateWorkflow(db: TenantDb, id: string, patch: UpdateInput, actor: Actor): Promise<WorkflowRow> {
  const current = await getWorkflow(db, id);
  const definition = patch.definition !== undefined ? await assertValidDefinition(db, db.viewer, patch.definition, current.id) : current.definition;
  const content: WorkflowContent = {
    name: patch.name ?? current.name,
    description: patch.description !== undefined ? patch.description : current.description,
    definition,
  };
  const slug = patch.slug ? await pickSlug(db, patch.slug, content.name, current.id) : current.slug;
  const unchanged =
    slug === current.slug && content.name === current.name && content.description === current.description && sameDefinition(definition, current.definition);
  return unchanged ? current : writeVersion(db, current, content, slug, actor);
}

/** Restoring writes a new version equal to version `n` (checked again: its agents or tools may be gone). */
export async function restoreWorkflowVersion(db: TenantDb, id: string, n: number, actor: Actor): Promise<WorkflowRow> {
  const current = await getWorkflow(db, id);
  const old = await db.workflows.getVersion(current.id, n);
  if (!old) throw notFound(`Version ${n}`);
  const definition = await assertValidDefinition(db, db.viewer, old.definition, current.id);
  return writeVersion(db, current, { name: old.name, description: old.description, definition }, current.slug, actor, n);
}

/** Deletes the workflow and its versions and triggers; its runs stay in the runs list. */
export async function deleteWorkflow(db: TenantDb, id: string, actor: Actor): Promise<void> {
  const current = await getWorkflow(db, id);
  if (!(await db.workflows.remove(current.id))) throw notFound('Workflow');
  actor.audit({ action: 'workflow.delete', resource: { type: 'workflow', id: current.id }, changes: { name: { before: current.name } } });
}

/** One page of the tenant's workflows, newest first (limit + 1 rows: the extra one says whether there is more). */
export async function listWorkflows(db: TenantDb, page: PageParams, q?: string): Promise<WorkflowRow[]> {
  return db.workflows.list(page, q);
}

/** One page of a workflow's versions, newest first; 404 when the workflow is not this tenant's. */
export async function listWorkflowVersions(db: TenantDb, id: string, page: PageParams): Promise<WorkflowVersionRow[]> {
  const current = await getWorkflow(db, id);
  return db.workflows.listVersions(current.id, page);
}

/** Id and name of every workflow, by name (pickers, sub-workflow steps). */
export async function workflowNames(db: TenantDb): Promise<{ id: string; name: string }[]> {
  return db.workflows.names();
}

export function workflowJson(w: WorkflowRow): WorkflowJson {
  return {
    id: w.id,
    name: w.name,
    slug: w.slug,
    description: w.description,
    version: w.version,
    definition: w.definition,
    created_at: iso(w.createdAt),
    updated_at: iso(w.updatedAt),
  };
}

export function workflowVersionJson(v: WorkflowVersionRow): WorkflowVersionJson {
  return {
    workflow_id: v.workflowId,
    version: v.version,
    name: v.name,
    description: v.description,
    definition: v.definition,
    restored_from: v.restoredFrom,
    created_by: v.createdBy,
    created_at: iso(v.createdAt),
  };
}

// Version history (/app/agents/:id/versions): the list with a one-line summary each, the diff of a chosen version
// against the one before, and restore (agents service restoreVersion: a new version equal to the old one).
import { Hono } from 'hono';
import { AgentVersionsPage, type VersionItem } from '../../../views/pages/agent-versions-page';
import { pageParams, toPage } from '../../db/page';
import type { AgentVersionRow } from '../../db/tenant-db';
import type { AppEnv } from '../../env';
import { notFound } from '../../errors';
import { actorOf } from '../../lib/actor';
import { diffVersions } from '../../services/agent-diff';
import { configOf, getAgent, restoreVersion } from '../../services/agents';
import { members } from '../../services/organization';
import { assertCan, permit } from '../../services/permissions';
import { versionHistory } from '../../services/version-history';
import { satisfactionLabel, versionSatisfaction } from '../../services/satisfaction';
import { layoutBase } from './support/page-helpers';

function summary(cur: AgentVersionRow, prev: AgentVersionRow | undefined): string {
  if (!prev) return cur.version === 1 ? 'Created' : 'Saved';
  const d = diffVersions(configOf(prev), configOf(cur));
  const changed = [...(d.changedLines ? ['instructions'] : []), ...d.fields.map((f) => f.label.toLowerCase())];
  return changed.length ? `Changed ${changed.slice(0, 3).join(', ')}${changed.length > 3 ? ` and ${changed.length - 3} more` : ''}` : 'No changes';
}

export const versionPages = new Hono<AppEnv>()
  .get('/agents/:id/versions', permit('agents:read'), async (c) => {
    const db = c.var.db;
    const agent = await getAgent(db, c.req.param('id'));
    const page = pageParams({ limit: '30', cursor: c.req.query('cursor') });
    const wanted = Number(c.req.query('v') ?? agent.version);
    const selected = Number.isInteger(wanted) && wanted >= 1 && wanted <= agent.version ? wanted : agent.version;
    // Satisfaction per version over the last 90 days (whole UTC days: the rollups' day rows).
    const today = Date.now() - (Date.now() % 86_400_000) + 86_400_000;
    const [base, people, { rows, sel, before, names }, rated] = await Promise.all([
      layoutBase(c),
      members(db),
      versionHistory(db, agent, page, selected),
      versionSatisfaction(c.env, db, { from: today - 90 * 86_400_000, to: today, agentId: agent.id }),
    ]);
    const satisfaction = new Map(rated.map((r) => [r.agent_version, satisfactionLabel(r)]));
    const who = new Map(people.map((m) => [m.id, m.name || m.email]));
    const listed = toPage(
      rows,
      page.limit,
      (v) => v.version,
      (v) => v,
    );
    const versions: VersionItem[] = listed.data.map((v, i) => ({
      version: v.version,
      createdAt: v.createdAt,
      author: v.createdBy ? (who.get(v.createdBy) ?? 'A former member') : 'API or system',
      restoredFrom: v.restoredFrom,
      summary: summary(v, rows[i + 1]),
      satisfaction: satisfaction.get(v.version) ?? null,
    }));
    const name = (id: string) => names.get(id) ?? id.replace(/^tol_/, '');
    const diff = diffVersions(before ? configOf(before) : configOf(sel), configOf(sel), name);
    const restored = Number(c.req.query('restored'));
    return c.html(
      <AgentVersionsPage
        base={base}
        agent={{ id: agent.id, name: agent.name, model: agent.model, version: agent.version, description: agent.description }}
        versions={versions}
        selected={selected}
        diff={diff}
        nextCursor={listed.next_cursor}
        restored={Number.isInteger(restored) && restored > 0 ? restored : null}
      />,
    );
  })
  .post('/agents/:id/versions/:n/restore', permit('agents:write'), async (c) => {
    const n = Number(c.req.param('n'));
    if (!Number.isInteger(n) || n < 1) throw notFound('Version');
    const agent = await restoreVersion(c.var.db, c.req.param('id'), n, actorOf(c));
    return c.redirect(`/app/agents/${encodeURIComponent(agent.id)}/versions?restored=${n}`, 303);
  });

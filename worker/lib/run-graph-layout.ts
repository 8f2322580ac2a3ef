// Where the run page draws each step of a workflow: at the canvas position the builder saved, or (when any step has
// none) in layers by longest path from the steps that depend on nothing, left to right. Edges come from `needs`,
// template references (`{{steps.<id>…}}`) and a router's routes. Pure: the run page renders the result as SVG.
import type { WorkflowStep } from '../schemas/workflows';

export const NODE_W = 176;
export const NODE_H = 64;
const GAP_X = 56;
const GAP_Y = 20;
const PAD = 12;

export type GraphNode = { id: string; x: number; y: number };
export type GraphEdge = { from: string; to: string; kind: 'needs' | 'ref' | 'route' };
export type GraphLayout = { nodes: GraphNode[]; edges: GraphEdge[]; width: number; height: number };

const REF = /\{\{\s*steps\.([A-Za-z][A-Za-z0-9_]*)/g;

/** The steps a step reads through its templates (anything but its own id, position and needs). */
function templateRefs(s: WorkflowStep): string[] {
  const { id: _id, needs: _needs, position: _position, name: _name, ...rest } = s;
  return [...JSON.stringify(rest).matchAll(REF)].map((m) => m[1]!);
}

/** Every edge between known steps, once each (needs win over a reference to the same step). */
export function graphEdges(steps: WorkflowStep[]): GraphEdge[] {
  const ids = new Set(steps.map((s) => s.id));
  const seen = new Set<string>();
  const edges: GraphEdge[] = [];
  const add = (from: string, to: string, kind: GraphEdge['kind']) => {
    const key = `${from}>${to}`;
    if (from === to || !ids.has(from) || !ids.has(to) || seen.has(key)) return;
    seen.add(key);
    edges.push({ from, to, kind });
  };
  for (const s of steps) for (const n of s.needs ?? []) add(n, s.id, 'needs');
  for (const s of steps) for (const r of templateRefs(s)) add(r, s.id, 'ref');
  for (const s of steps) if (s.kind === 'router') for (const branch of Object.values(s.routes)) for (const t of branch) add(s.id, t, 'route');
  return edges;
}

/** Layer of each step: 0 for steps with no incoming edge, else 1 + the deepest step before it (cycles cut). */
function layers(steps: WorkflowStep[], edges: GraphEdge[]): Map<string, number> {
  const before = new Map<string, string[]>(steps.map((s) => [s.id, []]));
  for (const e of edges) before.get(e.to)!.push(e.from);
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  const visit = (id: string): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) return 0;
    visiting.add(id);
    const d = Math.max(-1, ...before.get(id)!.map(visit)) + 1;
    visiting.delete(id);
    depth.set(id, d);
    return d;
  };
  for (const s of steps) visit(s.id);
  return depth;
}

export function layoutGraph(steps: WorkflowStep[]): GraphLayout {
  const edges = graphEdges(steps);
  let nodes: GraphNode[];
  if (steps.length && steps.every((s) => s.position)) {
    const minX = Math.min(...steps.map((s) => s.position!.x));
    const minY = Math.min(...steps.map((s) => s.position!.y));
    nodes = steps.map((s) => ({ id: s.id, x: Math.round(s.position!.x - minX) + PAD, y: Math.round(s.position!.y - minY) + PAD }));
  } else {
    const depth = layers(steps, edges);
    const rows = new Map<number, number>();
    nodes = steps.map((s) => {
      const layer = depth.get(s.id)!;
      const row = rows.get(layer) ?? 0;
      rows.set(layer, row + 1);
      return { id: s.id, x: PAD + layer * (NODE_W + GAP_X), y: PAD + row * (NODE_H + GAP_Y) };
    });
  }
  const width = Math.max(NODE_W, ...nodes.map((n) => n.x + NODE_W)) + PAD;
  const height = Math.max(NODE_H, ...nodes.map((n) => n.y + NODE_H)) + PAD;
  return { nodes, edges, width, height };
}

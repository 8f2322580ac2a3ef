// The run page's graph: one SVG node per step at its layout position, with its live status as a class (colour) and
// as text (symbol and word), linked to its timeline row; edges drawn as curves (dashed for template references,
// dotted for a router's routes). Geometry is in attributes: the CSP forbids style attributes.
import { NODE_H, NODE_W, type GraphLayout, type GraphNode } from '../../../worker/lib/run-graph-layout';
import type { RunStepJson } from '../../../worker/schemas/workflows';
import { STATUS_SYMBOL, statusLabel } from './run-status';

export type GraphStep = { id: string; name: string; kind: string; status: string; items?: { total: number; done: number } | null };

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** One node: also answered alone (inside an <svg>) by the live fragment, so it keeps its id. */
export function GraphNodeView(props: { node: GraphNode; step: GraphStep }) {
  const { node: n, step: s } = props;
  const progress = s.items ? ` · ${s.items.done}/${s.items.total}` : '';
  const label = `Step ${s.name}, ${s.kind}: ${statusLabel(s.status)}${s.items ? `, ${s.items.done} of ${s.items.total} items` : ''}`;
  return (
    <g id={`node-${s.id}`} class={`run-node is-${s.status}`}>
      <a href={`#step-${s.id}`} aria-label={label}>
        <rect class="run-node-box" x={n.x} y={n.y} width={NODE_W} height={NODE_H} rx="8" />
        <rect class="run-node-bar" x={n.x} y={n.y} width="6" height={NODE_H} rx="3" />
        <text class="run-node-name" x={n.x + 16} y={n.y + 22}>
          {clip(s.name, 20)}
        </text>
        <text class="run-node-kind" x={n.x + 16} y={n.y + 38}>
          {s.kind}
        </text>
        <text class="run-node-status" x={n.x + 16} y={n.y + 54}>
          {`${STATUS_SYMBOL[s.status] ?? ''} ${statusLabel(s.status)}${progress}`}
        </text>
      </a>
    </g>
  );
}

function edgePath(a: GraphNode, b: GraphNode) {
  const x1 = a.x + NODE_W;
  const y1 = a.y + NODE_H / 2;
  const x2 = b.x;
  const y2 = b.y + NODE_H / 2;
  const dx = Math.max(24, Math.abs(x2 - x1) / 2);
  return `M${x1},${y1} C${x1 + dx},${y1} ${x2 - dx},${y2} ${x2},${y2}`;
}

export const graphStep = (s: RunStepJson, name: string): GraphStep => ({ id: s.id, name, kind: s.kind, status: s.status, items: s.items });

export function RunGraph(props: { layout: GraphLayout; steps: GraphStep[] }) {
  const { layout } = props;
  const at = new Map(layout.nodes.map((n) => [n.id, n]));
  return (
    <div class="run-graph-wrap card">
      <svg
        class="run-graph"
        id="run-graph"
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        width={layout.width}
        height={layout.height}
        role="group"
        aria-label="Steps of this run and their status"
      >
        <defs>
          <marker id="run-arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="8" markerHeight="8" orient="auto-start-reverse">
            <path d="M0,0 L8,4 L0,8 z" class="run-edge-head" />
          </marker>
        </defs>
        {layout.edges.map((e) => (
          <path class={`run-edge is-${e.kind}`} d={edgePath(at.get(e.from)!, at.get(e.to)!)} marker-end="url(#run-arrow)" />
        ))}
        {props.steps.map((s) => (at.get(s.id) ? <GraphNodeView node={at.get(s.id)!} step={s} /> : null))}
      </svg>
    </div>
  );
}

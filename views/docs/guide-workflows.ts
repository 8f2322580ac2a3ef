// The /docs guide "Workflows": the definition, step kinds, templates and `when`, validation, starter templates and
// limits (markdown).
import type { Guide } from './guides';

export const WORKFLOWS_GUIDE: Guide = {
  id: 'workflows',
  title: 'Workflows',
  body: `A **workflow** runs agents, tools and people together: typed inputs, a list of steps and an output. Steps that do not depend on each other run in parallel. Workflows are versioned like agents: every save writes a version (\`GET /api/v1/workflows/{id}/versions\`), \`GET …/versions/{n}/diff?from=m\` says what changed, and \`POST …/versions/{n}/restore\` writes a new version equal to an old one (\`restored_from\`). A run keeps the version it started with. Reading needs \`workflows:read\` (viewers and above), changing \`workflows:write\` (members and above).

\`\`\`sh
curl -s $EDGENT/api/v1/workflows -H "authorization: Bearer $KEY" -H 'content-type: application/json' -d '{
  "name": "Answer and check",
  "definition": {
    "inputs": {"question": {"type": "string", "required": true}},
    "steps": [
      {"id": "answer", "kind": "agent", "agent_id": "'$AGENT'", "input": "{{inputs.question}}"},
      {"id": "check", "kind": "transform", "value": {"q": "{{inputs.question}}", "a": "{{steps.answer.output}}"}}
    ],
    "output": "{{steps.check.output}}"
  }
}'
\`\`\`

### The definition

- \`inputs\`: \`{<name>: {type, required?, default?, description?}}\`, \`type\` one of \`string number boolean object array\`. A run's inputs are checked against them (a missing required input or a wrong type is a 400 naming \`inputs.<name>\`); defaults fill absent ones; extra inputs are kept (a webhook's whole JSON body is its run's inputs).
- \`steps\`: up to 200. Each has an \`id\` (a letter, then letters, digits or \`_\`; what templates name), an optional \`name\`, \`needs\` (step ids it waits for), \`when\`, \`retries\` (default 2, backoff doubling from 2 s), \`timeout_seconds\` (default 300 per attempt) and \`position\` (where the canvas draws it).
- \`output\`: a template or JSON holding templates; the last step's output when absent.

| kind | fields | what it does |
|---|---|---|
| \`agent\` | \`agent_id\`, \`input\` | one turn of the agent; its reply is the output |
| \`tool\` | \`tool_id\`, \`arguments\` | calls a tool (built-in or yours) with the rendered arguments |
| \`transform\` | \`value\` | renders \`value\` (any JSON) as the output: reshape, merge, pick fields |
| \`router\` | \`routes: {<label>: [step ids]}\`, \`agent_id?\`, \`input?\` | a model picks one label; the steps of the other routes are skipped |
| \`map\` | \`over\`, \`step\`, \`concurrency?\` | runs its inner \`step\` (agent, tool, transform or workflow, no id) for each element of the list \`over\` yields, at most \`concurrency\` (default 10) at once; the output is the list of results, in order |
| \`approval\` | \`message\` | waits for a person to approve or reject (default up to 7 days) |
| \`wait\` | \`seconds\` | waits (up to 30 days) |
| \`workflow\` | \`workflow_id\`, \`inputs\` | runs another workflow and waits for its output |

### Templates

Strings in \`input\`, \`arguments\`, \`value\`, \`message\`, \`over\`, a sub-workflow's \`inputs\` and \`output\` are templates:

- \`{{inputs.x}}\`, \`{{steps.<id>.output}}\`, fields of JSON outputs: \`{{steps.search.output.hits.0.title}}\`;
- inside a map's inner step, \`{{item}}\`, \`{{item.field}}\` and \`{{index}}\` (from 0).

A string that is exactly one \`{{…}}\` yields the value itself (a list stays a list, a number a number); otherwise the values are written into the text, objects and lists as JSON. A missing field is \`null\` on its own, empty text inside a string. A step that reads another's output depends on it, just like \`needs\`.

### Conditions: \`when\`

A step with \`when\` runs only if it holds; otherwise it is **skipped**. The language is small and safe (never evaluated as code): comparisons \`== != > >= < <=\`, \`&&\`, \`||\`, \`!\`, parentheses, \`"text"\` or \`'text'\`, numbers, \`true false null\`, and references written as templates.

\`\`\`
{{steps.score.output.value}} >= 3 && {{inputs.lang}} != "fr"
\`\`\`

Equality compares JSON values, except that a number and numeric text compare as numbers (model replies are text: \`"7" == 7\`). Ordering compares numbers (or numeric text) as numbers and other text alphabetically; anything else is false. A bare reference is true unless it is \`""\`, \`0\`, \`null\` or \`false\` (like JavaScript). Mistakes are reported with their position: \`unexpected "=": use == to compare (at character 20)\`.

**Skipping.** A step is ready when every step it depends on has finished. It runs if at least one of them succeeded (or it has none) and its \`when\` holds; otherwise it is skipped. So after a router, a step that needs all the branches (a join) runs with the chosen one.

**Routers.** The steps of a router's routes wait for the router without naming it in \`needs\` (naming it is fine too). A step belongs to one route of a router; a router cannot read the output of a step of its own routes (that is a cycle).

### Validation

Every save is checked first, and \`POST /api/v1/workflows/validate\` \`{definition, workflow_id?}\` answers the same checks without saving (\`{valid, errors: [{path, step_id, message}]}\`, what the canvas shows on its nodes). A save refuses an invalid definition with 400 \`validation_failed\`, each detail naming the step: \`steps.<id>.<field>\` (or \`steps[<index>].id\` when the id itself is missing or repeated). It catches duplicate ids, unknown \`needs\`, templates naming unknown steps or inputs (or \`{{item}}\` outside a map), templates and conditions that do not parse, dependency cycles (the steps in the cycle are listed: \`a → c → b → a\`), routes naming no step, a step in two routes, a map whose \`over\` is not one reference to a list, defaults of the wrong type, and agents, tools and sub-workflows that do not exist — or that you may not use: another person's private agent is "No such agent", exactly like another organization's. A workflow cannot run itself as a step. Restoring an old version checks it again.

### Starter templates

\`GET /api/v1/workflow-templates\` lists three: **research-fan-out** (a map of researcher agents over \`topics\`, then a summary), **support-triage** (a router picks question, refund or bug; a refund waits for an approval) and **content-pipeline** (draft, editor review, revision, approval, publish). Create one with:

\`\`\`sh
curl -s $EDGENT/api/v1/workflows -H "authorization: Bearer $KEY" -H 'content-type: application/json' \\
  -d '{"template": "content-pipeline", "agents": {"writer": "'$AGENT'"}}'
\`\`\`

Each template has roles (\`writer\`, \`editor\`…). A role you fill in \`agents\` (agent id or slug) uses that agent; a role you leave out uses your organization's agent with the role's default slug (\`workflow-editor\`…), which is created on first use (recorded in the audit log) and reused afterwards. \`name\` and \`description\` override the template's.

### Limits and the audit log

200 steps per definition; a map's width 100 by default (at most 1,000 elements); sub-workflows 5 deep; a run lasts at most 24 hours unless it waits on a person. Deleting a workflow removes its versions and triggers; its runs stay in the runs list. The audit log records \`workflow.create\`, \`workflow.update\` (name, slug, description, step ids, whether the definition changed, and the version), \`workflow.restore\` and \`workflow.delete\`.`,
};

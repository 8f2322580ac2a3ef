// /docs as a reader meets it (routes/pages/docs.tsx, views/pages/docs-page.tsx): no raw backticks in the text, the
// search and copy script served by the Worker, and a quickstart that runs as written, request by request.
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { SUPPORTED_CLIENTS } from '../../views/docs/guide-clients';
import { NATIVE_GUIDES } from '../../views/docs/guides';
import { BASE, signup, apiKey } from './helpers';

/** The page's visible text: no code blocks, tags or entities. */
const visibleText = (html: string) =>
  html
    .replace(/<(script|style|pre)\b[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&quot;|&amp;|&lt;|&gt;/g, ' ');

/** Shell words of one line: '…' literal, "…" and bare words with $VAR expanded; unset variables are an error. */
function words(line: string, vars: Map<string, string>): string[] {
  const out: string[] = [];
  const expand = (s: string) =>
    s.replace(/\$([A-Za-z_][A-Za-z0-9_]*)/g, (_, name: string) => {
      if (!vars.has(name)) throw new Error(`$${name} is used before it is set in: ${line}`);
      return vars.get(name)!;
    });
  const re = /\s*(?:'([^']*)'|"((?:[^"\\]|\\.)*)"|([^\s'"]+))/gy;
  let word = '';
  let m: RegExpExecArray | null;
  let last = 0;
  while ((m = re.exec(line))) {
    if (m.index > last || /^\s/.test(m[0])) (word && out.push(word), (word = ''));
    word += m[1] ?? expand(m[2] ?? m[3] ?? '');
    last = re.lastIndex;
  }
  if (word) out.push(word);
  return out;
}

/** Runs one curl command of the quickstart against the Worker and answers its JSON. */
async function curl(args: string[]) {
  expect(args[0]).toBe('curl');
  let url = '';
  let body: string | undefined;
  const headers: Record<string, string> = { 'cf-connecting-ip': '198.51.100.77' };
  for (let i = 1; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-s') continue;
    else if (a === '-H') {
      const [k, ...v] = args[++i]!.split(':');
      headers[k!.trim().toLowerCase()] = v.join(':').trim();
    } else if (a === '-d') body = args[++i];
    else if (/^https?:/.test(a)) url = a;
    else throw new Error(`the test does not know the curl option ${a}`);
  }
  const res = await SELF.fetch(url, { method: body === undefined ? 'GET' : 'POST', headers, body });
  const json = (await res.json()) as Record<string, unknown>;
  expect(res.status, `${url}: ${JSON.stringify(json)}`).toBeLessThan(300);
  return json;
}

describe('/docs', () => {
  it('shows no raw backticks: inline code is rendered as <code>', async () => {
    const html = await (await SELF.fetch(`${BASE}/docs`)).text();
    const text = visibleText(html);
    const at = text.indexOf('`');
    expect(at, text.slice(Math.max(0, at - 80), at + 80)).toBe(-1);
    expect(html.includes('<code>preset</code>')).toBe(true); // from an operation description in the OpenAPI document
  });

  it('lists the supported clients with the versions tested', async () => {
    const html = await (await SELF.fetch(`${BASE}/docs`)).text();
    expect(html).toContain('Supported clients');
    for (const c of SUPPORTED_CLIENTS) expect(html).toContain(`<strong><code>${c.name}</code> ${c.version}</strong>`);
  });

  it('serves its search box and copy buttons from the Worker', async () => {
    const html = await (await SELF.fetch(`${BASE}/docs`)).text();
    expect(html.includes('id="docs-search"')).toBe(true);
    expect(/<script src="\/assets\/docs\.js" defer(="")?><\/script>/.test(html)).toBe(true);
    const js = await SELF.fetch(`${BASE}/assets/docs.js`);
    expect(js.status).toBe(200);
    const source = await js.text();
    expect(source).toContain('docs-results');
    expect(source).toContain('navigator.clipboard');
  });

  it('has a quickstart whose every command runs as written, with every variable set before use', async () => {
    const owner = await signup();
    const vars = new Map([['KEY', await apiKey(owner)]]);
    const guide = NATIVE_GUIDES.find((g) => g.id === 'quickstart')!.body.replaceAll('HOST', BASE);
    const blocks = [...guide.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    let ran = 0;
    let reply: Record<string, unknown> | undefined;
    for (const block of blocks) {
      for (const raw of block.replace(/\\\n\s*/g, ' ').split('\n')) {
        const line = raw.replace(/\s+#\s.*$/, '').trim();
        if (!line) continue;
        const assign = /^(?:export\s+)?([A-Z_]+)=(.*)$/.exec(line);
        if (assign && assign[2]!.startsWith('$(')) {
          // NAME=$(curl … | node -pe '…id'): the id of the JSON answer
          const inner = /^\$\((.*)\|\s*node -pe '.*\.id'\)$/.exec(assign[2]!);
          expect(inner, line).toBeTruthy();
          const json = await curl(words(inner![1]!, vars));
          expect(json.id).toBeTypeOf('string');
          vars.set(assign[1]!, json.id as string);
          ran++;
        } else if (assign) {
          // The reader's own API key is the one placeholder; everything else is taken as written.
          if (assign[1] !== 'KEY') vars.set(assign[1]!, words(assign[2]!, vars).join(' '));
        } else {
          reply = await curl(words(line, vars));
          ran++;
        }
      }
    }
    expect(ran).toBe(4); // list agents, create one, open a session, send a message
    expect(vars.get('EDGENT')).toBe(BASE);
    expect(reply).toMatchObject({ status: 'completed', message: { role: 'assistant' } });
  });
});

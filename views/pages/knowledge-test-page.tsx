// GET /app/knowledge/:id/test?q=…: the retrieval test. Type a query, see the ranked passages as an agent's
// search_knowledge would get them: the fused score, each half's rank (vector #n, keyword #n or "—"), the document
// linking to the passage, and a note when only the keyword half ran. A plain GET form; htmx swaps only the results.
import { Alert } from '../components/ui/alert';
import { Icon } from '../components/ui/icon';
import { AppLayout, type LayoutBase } from '../layouts/app-layout';
import type { KnowledgeQueryAnswer } from '../../worker/schemas/knowledge';
import { type KbHead, KbHeader, docHref, kbHref } from './knowledge-parts';

export type KbTestState = { q: string; topK: number; answer?: KnowledgeQueryAnswer; error?: string };

const half = (h: { rank: number } | null) => (h ? `#${h.rank}` : '—');

export function KbTestResults(props: { kbId: string; state: KbTestState }) {
  const { answer, q, error } = props.state;
  return (
    <div id="kb-results" class="kb-results" aria-live="polite">
      {error && <Alert tone="error">{error}</Alert>}
      {answer?.degraded && (
        <Alert tone="info" title="Keyword search only">
          {answer.degraded.reason} Passages are ranked by keywords; the vector half did not run.
        </Alert>
      )}
      {answer &&
        (answer.data.length ? (
          <>
            <p class="muted kb-results-meta">
              {answer.data.length} passage{answer.data.length === 1 ? '' : 's'} for “{q}” · embedding {Math.round(answer.timings.embed_ms)} ms · search{' '}
              {Math.round(answer.timings.query_ms)} ms
            </p>
            <ol class="kb-passages" role="list">
              {answer.data.map((p, i) => (
                <li class="card kb-passage">
                  <div class="kb-passage-head">
                    <span class="kb-rank" aria-label={`Rank ${i + 1}`}>
                      {i + 1}
                    </span>
                    <a class="row-link kb-passage-title" href={`${docHref(props.kbId, p.document_id)}#chunk-${p.position}`}>
                      {p.title || 'A deleted document'}
                    </a>
                    <span class="kb-scores">
                      <span class="badge" title="Reciprocal-rank fusion of both halves">
                        score {p.score.toFixed(4)}
                      </span>
                      <span
                        class={p.vector ? 'badge' : 'badge kb-miss'}
                        title={p.vector ? `cosine ${p.vector.score.toFixed(3)}` : 'Not found by the vector half'}
                      >
                        vector {half(p.vector)}
                      </span>
                      <span
                        class={p.keyword ? 'badge' : 'badge kb-miss'}
                        title={p.keyword ? `bm25 ${p.keyword.score.toFixed(2)}` : 'Not found by the keyword half'}
                      >
                        keyword {half(p.keyword)}
                      </span>
                    </span>
                  </div>
                  {p.headings.length > 0 && <p class="kb-headings">{p.headings.join(' › ')}</p>}
                  <p class="kb-passage-text">{p.text}</p>
                  <p class="kb-passage-foot muted">Passage {p.position + 1}</p>
                </li>
              ))}
            </ol>
          </>
        ) : (
          <p class="card kb-none">No passage matches “{q}”. Documents that are still being read are not searchable yet.</p>
        ))}
    </div>
  );
}

export function KnowledgeTestPage(props: { base: LayoutBase; kb: KbHead; state: KbTestState }) {
  const { kb, state } = props;
  const action = `${kbHref(kb.id)}/test`;
  return (
    <AppLayout title={`Test ${kb.name}`} {...props.base} active="knowledge">
      <link rel="stylesheet" href="/assets/knowledge.css" />
      <KbHeader kb={kb} active="test" />
      <p class="muted kb-intro">
        Search the base as an agent does: both halves (meaning and keywords) run and their rankings are fused. Use it to check that the right passage comes
        first.
      </p>
      <form class="card kb-test-form" method="get" action={action} role="search" hx-get={action} hx-target="#kb-results" hx-swap="outerHTML" hx-push-url="true">
        <label class="sr-only" for="kb-q">
          Query
        </label>
        <input class="input" type="search" id="kb-q" name="q" value={state.q} placeholder="e.g. how long do refunds take?" required maxlength={2000} />
        <label class="kb-topk">
          <span>Top</span>
          <select class="input" name="top_k" aria-label="How many passages">
            {[3, 5, 10, 20].map((n) => (
              <option value={String(n)} selected={n === state.topK}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="btn btn-primary">
          <Icon name="search" />
          Search
        </button>
      </form>
      <KbTestResults kbId={kb.id} state={state} />
    </AppLayout>
  );
}

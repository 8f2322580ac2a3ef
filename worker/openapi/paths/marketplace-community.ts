// OpenAPI entries of worker/routes/api/marketplace-reviews.ts (reviews, replies, reports) and
// worker/routes/protocols/try-it.ts (a listing's try-it visitor API, the share link's in shape) — issue 18 §3, §4.
import { z } from 'zod';
import { visitorMessageSchema } from '../../routes/protocols/embed';
import { visitorEvent } from '../../schemas/embed';
import { reportInput, reviewInput, reviewJson, reviewReplyInput } from '../../schemas/marketplace';
import { reportReceivedJson } from '../../schemas/moderation';
import { routeDocs } from '../registry';
import { eventList, pageQuery } from './common';

const slug = { slug: 'The listing’s slug' };
const PUBLISHED = 'An unknown, unpublished or removed listing answers 404.';
const reviewList = z.object({ data: z.array(reviewJson), next_cursor: z.string().nullable() });

const trySlug = { slug: 'The listing’s slug (its page is /marketplace/{slug})' };
const tryVisitor = { ...trySlug, id: 'The conversation id from POST /marketplace/{slug}/try/api/sessions' };
const TRY =
  'Try-it talks to the listing’s PUBLISHED version (never the agent’s current one), in the creator’s organization and on its plan. ' +
  'Unpublished or removed → 404 at once; a token of an earlier published version opens nothing.';

export const docs = routeDocs([
  {
    method: 'get',
    path: '/api/v1/marketplace/listings/{slug}/reviews',
    operationId: 'listListingReviews',
    tag: 'Marketplace',
    auth: 'none',
    params: slug,
    query: pageQuery,
    summary: 'A listing’s reviews, newest first (public)',
    description: `The author is the reviewing organization’s name. ${PUBLISHED}`,
    responses: { 200: { description: 'One page of reviews', schema: reviewList } },
    errors: [400, 404],
  },
  {
    method: 'post',
    path: '/api/v1/marketplace/listings/{slug}/reviews',
    operationId: 'createListingReview',
    tag: 'Marketplace',
    scopes: ['reviews:write'],
    params: slug,
    body: reviewInput,
    summary: 'Review a listing (once per organization)',
    description:
      'Only an organization that installed the listing AND chatted with its installed copy (a conversation with at least one message) may review it: otherwise 403 `forbidden` saying what is missing. ' +
      `The creator’s own organization cannot review its listing (403). A second review → 409 (change it with PUT …/reviews/mine). The listing’s rating changes in the same transaction. ${PUBLISHED}`,
    responses: { 201: { description: 'The review', schema: reviewJson } },
    errors: [400, 403, 404, 409],
  },
  {
    method: 'put',
    path: '/api/v1/marketplace/listings/{slug}/reviews/mine',
    operationId: 'updateMyListingReview',
    tag: 'Marketplace',
    scopes: ['reviews:write'],
    params: slug,
    body: reviewInput,
    summary: 'Change your organization’s review (beyond API.md)',
    description: `404 when the organization has not reviewed the listing. The rating follows in the same transaction. ${PUBLISHED}`,
    responses: { 200: { description: 'The review', schema: reviewJson } },
    errors: [400, 404],
  },
  {
    method: 'delete',
    path: '/api/v1/marketplace/listings/{slug}/reviews/mine',
    operationId: 'deleteMyListingReview',
    tag: 'Marketplace',
    scopes: ['reviews:write'],
    params: slug,
    summary: 'Delete your organization’s review (beyond API.md)',
    description: `The rating follows in the same transaction. ${PUBLISHED}`,
    responses: { 204: { description: 'Deleted' } },
    errors: [404],
  },
  {
    method: 'post',
    path: '/api/v1/marketplace/listings/{slug}/reviews/{review_id}/reply',
    operationId: 'replyToListingReview',
    tag: 'Marketplace',
    scopes: ['listings:write'],
    params: { ...slug, review_id: 'The review’s id' },
    body: reviewReplyInput,
    summary: 'The creator’s reply to a review (once)',
    description: `Only the listing’s creator organization (admins) may reply (403 otherwise); a second reply → 409. ${PUBLISHED}`,
    responses: { 200: { description: 'The review with its reply', schema: reviewJson } },
    errors: [400, 403, 404, 409],
  },
  {
    method: 'post',
    path: '/api/v1/marketplace/listings/{slug}/reports',
    operationId: 'reportListing',
    tag: 'Marketplace',
    auth: 'none',
    params: slug,
    body: reportInput,
    summary: 'Report a listing to the operators (anyone)',
    description: `No account needed (a signed-in caller’s organization is recorded). Limited per IP (429 with Retry-After). ${PUBLISHED}`,
    responses: { 201: { description: 'Received', schema: reportReceivedJson } },
    errors: [400, 404, 429],
  },
  {
    method: 'get',
    path: '/marketplace/{slug}/try/api/config',
    operationId: 'tryItConfig',
    tag: 'Marketplace try-it',
    auth: 'none',
    params: trySlug,
    summary: 'What the try-it chat shows: the listing’s title and a greeting naming the limits',
    description: TRY,
    responses: { 200: { description: 'The configuration', schema: 'WidgetConfig' } },
    errors: [404],
  },
  {
    method: 'post',
    path: '/marketplace/{slug}/try/api/sessions',
    operationId: 'tryItStart',
    tag: 'Marketplace try-it',
    auth: 'none',
    params: trySlug,
    summary: 'Start an anonymous try-it conversation',
    description: `${TRY} New conversations per IP are limited like the widget’s.`,
    responses: { 201: { description: 'The conversation and its visitor token', schema: 'VisitorToken' } },
    errors: [404, 429],
  },
  {
    method: 'post',
    path: '/marketplace/{slug}/try/api/sessions/{id}/token',
    operationId: 'tryItRefreshToken',
    tag: 'Marketplace try-it',
    auth: 'visitor',
    params: tryVisitor,
    summary: 'Renew a try-it visitor token (also shortly after it expired)',
    description: TRY,
    responses: { 200: { description: 'A new token', schema: 'VisitorToken' } },
    errors: [404],
  },
  {
    method: 'get',
    path: '/marketplace/{slug}/try/api/sessions/{id}/messages',
    operationId: 'tryItHistory',
    tag: 'Marketplace try-it',
    auth: 'visitor',
    params: tryVisitor,
    summary: 'The try-it conversation as the visitor sees it',
    responses: { 200: { description: 'The messages', schema: 'VisitorHistory' } },
    errors: [404],
  },
  {
    method: 'post',
    path: '/marketplace/{slug}/try/api/sessions/{id}/messages',
    operationId: 'tryItSend',
    tag: 'Marketplace try-it',
    auth: 'visitor',
    params: tryVisitor,
    body: visitorMessageSchema,
    summary: 'Send a try-it message; the reply streams back',
    description:
      `Limited per visitor, per IP, and per listing per UTC day (TRY_IT_DAILY_CAP, default 200): 429 with Retry-After. ` +
      `A creator over its plan’s quota or budget → the visitor gets “This assistant is not available right now”. SSE events: ${eventList(visitorEvent)}.`,
    responses: { 200: { description: 'The reply as Server-Sent Events', sse: 'VisitorEvent' } },
    errors: [404, 409, 429],
  },
  {
    method: 'get',
    path: '/marketplace/{slug}/try/api/sessions/{id}/stream',
    operationId: 'tryItResumeStream',
    tag: 'Marketplace try-it',
    auth: 'visitor',
    params: tryVisitor,
    query: { last_event_id: { schema: z.string(), description: 'The id of the last event received (or send the `Last-Event-ID` header)' } },
    summary: 'Re-attach to the try-it reply being written',
    responses: { 200: { description: 'The SSE stream of the reply’s remaining events', sse: 'VisitorEvent' }, 204: { description: 'Nothing to resume' } },
    errors: [400, 404],
  },
]);

import createClient, { type Middleware } from 'openapi-fetch';
import type { components as EvidenceComponents, paths as EvidencePaths } from '../api/evidence';
import type { components as InsightComponents, paths as InsightPaths } from '../api/insight';
import type { components as SyncComponents, paths as SyncPaths } from '../api/sync';

export type Evidence = EvidenceComponents['schemas']['Evidence'];
export type EvidenceUpdate = EvidenceComponents['schemas']['EvidenceUpdate'];
export type NewEvidence = EvidenceComponents['schemas']['NewEvidence'];
export type Profile = EvidenceComponents['schemas']['Profile'];
export type Attachment = EvidenceComponents['schemas']['Attachment'];
export type Problem = EvidenceComponents['schemas']['Problem'];
export type Period = EvidenceComponents['schemas']['Period'];
export type Goal = EvidenceComponents['schemas']['Goal'];
export type GoalInput = EvidenceComponents['schemas']['GoalInput'];
export type GoalSuggestion = EvidenceComponents['schemas']['GoalSuggestion'];
export type Citation = EvidenceComponents['schemas']['Citation'];
export type ReviewPacket = EvidenceComponents['schemas']['ReviewPacket'];
export type PacketSection = EvidenceComponents['schemas']['PacketSection'];
export type PacketBullet = EvidenceComponents['schemas']['PacketBullet'];
export type Share = EvidenceComponents['schemas']['Share'];
export type ShareKind = Share['kind'];
export type Manager = EvidenceComponents['schemas']['Manager'];
export type SharedPerson = EvidenceComponents['schemas']['SharedPerson'];
export type SharedBundle = EvidenceComponents['schemas']['SharedBundle'];
export type SharedInsight = EvidenceComponents['schemas']['SharedInsight'];
export type Insight = InsightComponents['schemas']['Insight'];
export type SearchHit = InsightComponents['schemas']['SearchHit'];
export type SearchResult = InsightComponents['schemas']['SearchResult'];
export type Connection = SyncComponents['schemas']['Connection'];
export type ConnectionRequest = SyncComponents['schemas']['NewConnection'];
export type SyncJob = SyncComponents['schemas']['SyncJob'];

/** An error answer of the API, with its RFC 9457 problem (field errors included) when it sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }

  /** The message for one field (e.g. `title`, `tags[2]` counts for `tags`), if the API named it. */
  fieldError(field: string): string | undefined {
    return this.problem.errors?.find((e) => e.field === field || e.field?.startsWith(field + '['))?.message;
  }
}

let tokenSource: () => Promise<string | null> = async () => null;

/** Where the API clients get the bearer token (set once the user has signed in). */
export function useTokenSource(source: () => Promise<string | null>) {
  tokenSource = source;
}

export function currentToken(): Promise<string | null> {
  return tokenSource();
}

const bearer: Middleware = {
  async onRequest({ request }) {
    const token = await tokenSource();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
};

// One origin: evidence-service serves the app and proxies the other services' /api/v1 paths (the Ingress does in
// Kubernetes), so every client talks to the page's own origin.
export const evidenceApi = createClient<EvidencePaths>({ baseUrl: '' });
export const insightApi = createClient<InsightPaths>({ baseUrl: '' });
export const syncApi = createClient<SyncPaths>({ baseUrl: '' });
evidenceApi.use(bearer);
insightApi.use(bearer);
syncApi.use(bearer);

/** The data of an openapi-fetch result, or an ApiError carrying the problem. */
export function ok<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.ok) return result.data as T;
  const problem = (result.error && typeof result.error === 'object' ? result.error : {}) as Problem;
  throw new ApiError(result.response.status, {
    ...problem,
    status: problem.status ?? result.response.status,
    title: problem.title ?? result.response.statusText,
  });
}

/** A human sentence for any failure. */
export function describe(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 502 || error.status === 503) return 'A service is not available right now. Try again shortly.';
    return error.problem.detail ?? error.problem.title ?? `The request failed (HTTP ${error.status}).`;
  }
  if (error instanceof TypeError) return 'The server could not be reached. Check your connection and try again.';
  return error instanceof Error ? error.message : 'Something went wrong.';
}

/** The ETag value for If-Match: the item's version in quotes. */
export function etag(version: number | undefined): string {
  return `"${version ?? 0}"`;
}

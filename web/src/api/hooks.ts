/**
 * One data hook for every report of the registry (shared/src/reports.ts): the answer is typed by
 * the report's answer schema, the parameters by what the report takes. Each query key is the
 * report and all its parameters, so TanStack Query caches every view and a changed filter is a new
 * query. While a new query loads, the last answer of the same shape stays on screen
 * (keepPreviousData) instead of a blank chart.
 */
import { type Query, keepPreviousData, useIsFetching, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ApiKeyInfo,
  ChangePasswordRequest,
  ConnectionInfo,
  CreateConnectionRequest,
  CreatedConnection,
  CreateKeyRequest,
  CreateUserRequest,
  CreatedKey,
  Grain,
  LoginRequest,
  Me,
  ReportAnswer,
  ReportFilter,
  ReportName,
  ReportRequest,
  Role,
  UserInfo,
  UpdateWorkspaceRequest,
  WorkspaceSettings,
} from '@parley/shared';
import type { CreateViewRequest, SavedView, UpdateViewRequest, WorkspaceDimensions } from '@parley/shared';
import type { BusinessHours, BusinessHoursRequest } from '@parley/shared';
import type { ConversationDetail, ConversationList, LiveResponse } from '@parley/shared';
import {
  type ConversationBy,
  type ConversationSort,
  type ConversationStatus,
  EXPORT_PARAMS,
  type Hours,
  LIST_PARAMS,
  type Param,
  REPORT_PARAMS,
  type Responder,
} from '@parley/shared/report-params';
import { API_BASE, ApiError, apiDelete, apiGet, apiPatch, apiPost, apiPut, isUnauthorized, queryString } from './client';

/**
 * The period and the shared filters of the filter bar. team, tag and hours go with every call;
 * each report keeps only those it takes (reportParams), so loyalty never gets a team (a 400).
 */
export type BaseParams = ReportFilter & { team?: string[]; tag?: string[]; hours?: Hours };
export type SeriesParams = BaseParams & { grain: Grain };
export type OverviewParams = ReportRequest<'overview'>;
export type ResponseTimesParams = ReportRequest<'response-times'> & SeriesParams;
export type EngagementParams = ReportRequest<'engagement'> & SeriesParams;
export type LoyaltyParams = ReportRequest<'loyalty'> & SeriesParams;
export type HeatmapParams = ReportRequest<'heatmap'>;
export type CohortsParams = ReportRequest<'cohorts'> & { grain: NonNullable<ReportRequest<'cohorts'>['grain']> };
export type ChannelsParams = ReportRequest<'channels'>;
export type CampaignsParams = ReportRequest<'campaigns'> & SeriesParams & { window: number };

export type MetricEndpoint = ReportName;
export type ExportName = 'conversations' | 'events';

type ParamValue = string | number | readonly string[] | undefined | null;

/**
 * The parameters a report (or export) takes, from the registry: the API refuses any other (400),
 * so the shared filters a page carries are dropped where they do not apply. Unset values and
 * empty lists are left out too, so equal requests have equal query keys.
 */
export function reportParams(taken: readonly Param[], params: object): Record<string, ParamValue> {
  return Object.fromEntries(
    Object.entries(params as Record<string, ParamValue>).filter(
      ([key, v]) => (taken as readonly string[]).includes(key) && v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0),
    ),
  );
}

/** Path (under /api/v1) of a report, with only the parameters it takes (reportParams). */
export function metricPath<K extends ReportName>(report: K, params: ReportRequest<K>, csv = false): string {
  return `/metrics/${report}${queryString({ ...reportParams(REPORT_PARAMS[report].params, params), format: csv ? 'csv' : undefined })}`;
}

/** The server link behind every "Download CSV": the browser streams the file itself. */
export const csvHref = <K extends ReportName>(report: K, params: ReportRequest<K>) => API_BASE + metricPath(report, params, true);

export function exportHref(name: ExportName, p: BaseParams): string {
  // The raw exports are by period and filters; the grain a page may carry means nothing to them.
  const { from, to, tz, channel, team, tag } = p;
  return `${API_BASE}/exports/${name}.csv${queryString(reportParams(EXPORT_PARAMS[`${name}.csv`].params, { from, to, tz, channel, team, tag }))}`;
}

// Keeps the previous answer only if it has the same shape: a grouped series is no placeholder for an ungrouped one.
const sameShape =
  (groupBy: string | undefined) =>
  <T>(previous: T | undefined, query: Query<T, Error, T, readonly unknown[]> | undefined): T | undefined => {
    const prevParams = query?.queryKey[2] as { groupBy?: string } | undefined;
    return prevParams?.groupBy === groupBy ? keepPreviousData(previous) : undefined;
  };

/** The report's answer for these parameters. */
export function useReport<K extends ReportName>(report: K, params: ReportRequest<K>, enabled = true) {
  return useQuery({
    // Only what the report takes: a filter it ignores must not make another query of the same answer.
    queryKey: ['metrics', report, reportParams(REPORT_PARAMS[report].params, params)] as const,
    queryFn: ({ signal }) => apiGet<ReportAnswer<K>>(metricPath(report, params), signal),
    placeholderData: sameShape((params as { groupBy?: string }).groupBy),
    enabled,
  });
}

// The pages' names for them.
export const useOverview = (p: OverviewParams, enabled?: boolean) => useReport('overview', p, enabled);
export const useResponseTimes = (p: ResponseTimesParams, enabled?: boolean) => useReport('response-times', p, enabled);
export const useEngagement = (p: EngagementParams, enabled?: boolean) => useReport('engagement', p, enabled);
export const useHeatmap = (p: HeatmapParams, enabled?: boolean) => useReport('heatmap', p, enabled);
export const useLoyalty = (p: LoyaltyParams, enabled?: boolean) => useReport('loyalty', p, enabled);
export const useCohorts = (p: CohortsParams, enabled?: boolean) => useReport('cohorts', p, enabled);
export const useChannels = (p: ChannelsParams, enabled?: boolean) => useReport('channels', p, enabled);
export const useCampaigns = (p: CampaignsParams, enabled?: boolean) => useReport('campaigns', p, enabled);

/**
 * True while any report other than `except` is loading. Secondary lists (the channel picker's
 * options) wait for it: the embedded database answers one query at a time, so a list asked for
 * first would delay the page's first chart.
 */
export function useReportsLoading(except: ReportName): boolean {
  return useIsFetching({ queryKey: ['metrics'], predicate: (q) => q.queryKey[1] !== except }) > 0;
}

// ---------------------------------------------------------------------------------------------
// Drill-down and live (api.md "Drill-down", "Live")

/** GET /conversations: the shared filters and the list's own parameters; cursor: the page after the one it came with. */
export type ConversationListParams = BaseParams & {
  responder?: Responder;
  sla?: number;
  by?: ConversationBy;
  status?: ConversationStatus;
  agent?: string;
  sort?: ConversationSort;
  order?: 'asc' | 'desc';
  limit?: number;
  cursor?: string;
};

/** Path (under /api/v1) of a page of the list, with only the parameters it takes. */
export const conversationListPath = (p: ConversationListParams) => `/conversations${queryString(reportParams(LIST_PARAMS.conversations.params, p))}`;

/** The server link of the list's CSV: the conversations export takes the same selection (api.md "Drill-down"). */
export const conversationsCsvHref = (p: ConversationListParams) =>
  `${API_BASE}/exports/conversations.csv${queryString(reportParams(EXPORT_PARAMS['conversations.csv'].params, p))}`;

/** One page of the conversations behind a figure; the page before stays on screen while the next loads. */
export function useConversationList(p: ConversationListParams) {
  const params = reportParams(LIST_PARAMS.conversations.params, p);
  return useQuery({
    queryKey: ['conversations', 'list', params] as const,
    queryFn: ({ signal }) => apiGet<ConversationList>(conversationListPath(p), signal),
    placeholderData: keepPreviousData,
  });
}

/** One conversation: its facts and events. */
export function useConversation(id: string) {
  return useQuery({
    queryKey: ['conversations', 'detail', id] as const,
    queryFn: ({ signal }) => apiGet<ConversationDetail>(`/conversations/${encodeURIComponent(id)}`, signal),
  });
}

/** How often the Live page asks again. */
export const LIVE_REFRESH_MS = 15_000;

/** GET /live, asked again every 15 s while the page is open; the last answer stays until the next arrives (no flicker). */
export function useLive(p: { tz: string; channel: string[]; team?: string[]; tag?: string[]; responder?: Responder }) {
  const params = reportParams(LIST_PARAMS.live.params, p);
  return useQuery({
    queryKey: ['live', params] as const,
    queryFn: ({ signal }) => apiGet<LiveResponse>(`/live${queryString(params)}`, signal),
    placeholderData: keepPreviousData,
    refetchInterval: LIVE_REFRESH_MS,
    refetchIntervalInBackground: false,
  });
}

/** How long the teams and tags of the pickers are reused: they change with new conversations, slowly. */
export const DIMENSIONS_STALE_MS = 5 * 60_000;

/** The workspace's teams and tags with their conversations (GET /workspace/dimensions), for the pickers; asked once one opens. */
export function useDimensions(enabled: boolean) {
  return useQuery({
    queryKey: ['workspace', 'dimensions'] as const,
    queryFn: ({ signal }) => apiGet<WorkspaceDimensions>('/workspace/dimensions', signal),
    staleTime: DIMENSIONS_STALE_MS,
    enabled,
  });
}

// ---------------------------------------------------------------------------------------------
// Session

export const ME_KEY = ['auth', 'me'] as const;

/** Who is signed in; null when nobody is (a 401 is an answer here, not an error). */
export function useMe() {
  return useQuery({
    queryKey: ME_KEY,
    queryFn: async ({ signal }) => {
      try {
        return await apiGet<Me>('/auth/me', signal);
      } catch (e) {
        if (isUnauthorized(e)) return null;
        throw e;
      }
    },
    staleTime: 5 * 60_000,
  });
}

export function useLogin() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: LoginRequest) => apiPost<Me>('/auth/login', body),
    onSuccess: (me) => {
      // Whatever was cached belonged to the previous session (maybe another workspace).
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
      client.setQueryData(ME_KEY, me);
    },
  });
}

export function useLogout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiPost<void>('/auth/logout'),
    // Signed out locally even if the server call failed: the user asked to leave.
    onSettled: () => {
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
      client.setQueryData(ME_KEY, null);
    },
  });
}

// ---------------------------------------------------------------------------------------------
// Administration (admins only: the API answers 403 to members and keys)

export const ADMIN_KEYS_KEY = ['admin', 'keys'] as const;
export const ADMIN_USERS_KEY = ['admin', 'users'] as const;
export const ADMIN_CONNECTIONS_KEY = ['admin', 'connections'] as const;

const isForbidden = (e: unknown): boolean => e instanceof ApiError && e.status === 403;

/** A 403 here means the caller is no longer an admin (changed elsewhere): ask who we are again. */
function useRecheckRoleOn403() {
  const client = useQueryClient();
  return (e: unknown) => {
    if (isForbidden(e)) void client.invalidateQueries({ queryKey: ME_KEY });
  };
}

function useAdminQuery<T>(queryKey: readonly string[], path: string, enabled: boolean, refetchInterval?: number) {
  const recheck = useRecheckRoleOn403();
  return useQuery({
    refetchInterval,
    queryKey,
    queryFn: async ({ signal }) => {
      try {
        return await apiGet<T>(path, signal);
      } catch (e) {
        recheck(e);
        throw e;
      }
    },
    enabled,
  });
}

/** The workspace's API keys, revoked ones included (never the keys themselves, only their prefixes). */
export const useApiKeys = (enabled = true) => useAdminQuery<ApiKeyInfo[]>(ADMIN_KEYS_KEY, '/admin/keys', enabled);
export const useUsers = (enabled = true) => useAdminQuery<UserInfo[]>(ADMIN_USERS_KEY, '/admin/users', enabled);

/** Creates a key; the answer is the only place the whole key ever appears (it is not cached). */
export function useCreateApiKey() {
  const client = useQueryClient();
  const recheck = useRecheckRoleOn403();
  return useMutation({
    mutationFn: (body: CreateKeyRequest) => apiPost<CreatedKey>('/admin/keys', body),
    // Not awaited: the new key shows at once, the list catches up.
    onSuccess: () => void client.invalidateQueries({ queryKey: ADMIN_KEYS_KEY }),
    onError: recheck,
  });
}

export function useRevokeApiKey() {
  const client = useQueryClient();
  const recheck = useRecheckRoleOn403();
  return useMutation({
    mutationFn: (prefix: string) => apiDelete(`/admin/keys/${encodeURIComponent(prefix)}`),
    onSuccess: (_, prefix) => {
      const now = new Date().toISOString();
      client.setQueryData<ApiKeyInfo[]>(ADMIN_KEYS_KEY, (keys) => keys?.map((k) => (k.prefix === prefix && !k.revokedAt ? { ...k, revokedAt: now } : k)));
      void client.invalidateQueries({ queryKey: ADMIN_KEYS_KEY });
    },
    onError: recheck,
  });
}

/** How often the connections' counters are asked again while the screen is open (and the tab visible). */
export const CONNECTIONS_POLL_MS = 5_000;

/** The workspace's connections with their counters, polled while shown (never their secrets). */
export const useConnections = (enabled = true) => useAdminQuery<ConnectionInfo[]>(ADMIN_CONNECTIONS_KEY, '/connections', enabled, CONNECTIONS_POLL_MS);

/** Creates a connection; the answer is the only place its generated secrets appear (not cached). */
export function useCreateConnection() {
  const client = useQueryClient();
  const recheck = useRecheckRoleOn403();
  return useMutation({
    mutationFn: (body: CreateConnectionRequest) => apiPost<CreatedConnection>('/connections', body),
    onSuccess: () => void client.invalidateQueries({ queryKey: ADMIN_CONNECTIONS_KEY }),
    onError: recheck,
  });
}

export function useDeleteConnection() {
  const client = useQueryClient();
  const recheck = useRecheckRoleOn403();
  return useMutation({
    mutationFn: (id: string) => apiDelete(`/connections/${encodeURIComponent(id)}`),
    onSuccess: (_, id) => {
      client.setQueryData<ConnectionInfo[]>(ADMIN_CONNECTIONS_KEY, (list) => list?.filter((c) => c.id !== id));
      void client.invalidateQueries({ queryKey: ADMIN_CONNECTIONS_KEY });
    },
    onError: recheck,
  });
}

export function useCreateUser() {
  const client = useQueryClient();
  const recheck = useRecheckRoleOn403();
  return useMutation({
    mutationFn: (body: CreateUserRequest) => apiPost<UserInfo>('/admin/users', body),
    onSuccess: () => void client.invalidateQueries({ queryKey: ADMIN_USERS_KEY }),
    onError: recheck,
  });
}

export function useUpdateUserRole(myEmail: string | null) {
  const client = useQueryClient();
  const recheck = useRecheckRoleOn403();
  return useMutation({
    mutationFn: ({ email, role }: { email: string; role: Role }) => apiPatch<void>(`/admin/users/${encodeURIComponent(email)}`, { role }),
    onSuccess: (_, { email, role }) => {
      if (myEmail !== null && email.toLowerCase() === myEmail.toLowerCase() && role !== 'admin') {
        // No longer an admin: the admin lists are not ours to see, and "me" decides what the dashboard offers.
        void client.invalidateQueries({ queryKey: ['admin'], refetchType: 'none' });
        void client.invalidateQueries({ queryKey: ME_KEY });
        return;
      }
      // Show the new role at once (no flicker back while the list reloads).
      client.setQueryData<UserInfo[]>(ADMIN_USERS_KEY, (users) => users?.map((u) => (u.email === email ? { ...u, role } : u)));
      void client.invalidateQueries({ queryKey: ADMIN_USERS_KEY });
    },
    onError: recheck,
  });
}

export function useRemoveUser() {
  const client = useQueryClient();
  const recheck = useRecheckRoleOn403();
  return useMutation({
    mutationFn: (email: string) => apiDelete(`/admin/users/${encodeURIComponent(email)}`),
    onSuccess: (_, email) => {
      client.setQueryData<UserInfo[]>(ADMIN_USERS_KEY, (users) => users?.filter((u) => u.email !== email));
      void client.invalidateQueries({ queryKey: ADMIN_USERS_KEY });
    },
    onError: recheck,
  });
}

// ---------------------------------------------------------------------------------------------
// Saved views (the signed-in user's own; the API refuses API keys)

/** The user's views: the email is in the key, so one person's list never stands for another's. */
export const savedViewsKey = (email: string) => ['views', email] as const;

export function useSavedViews(email: string, enabled = true) {
  return useQuery({
    queryKey: savedViewsKey(email),
    queryFn: ({ signal }) => apiGet<SavedView[]>('/views', signal),
    enabled,
  });
}

export function useCreateView(email: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateViewRequest) => apiPost<SavedView>('/views', body),
    onSuccess: () => void client.invalidateQueries({ queryKey: savedViewsKey(email) }),
  });
}

export function useUpdateView(email: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: UpdateViewRequest & { id: string }) => apiPatch<SavedView>(`/views/${encodeURIComponent(id)}`, body),
    onSuccess: (view) => {
      // The new name shows at once; the list (sorted by name) catches up.
      client.setQueryData<SavedView[]>(savedViewsKey(email), (views) => views?.map((v) => (v.id === view.id ? view : v)));
      void client.invalidateQueries({ queryKey: savedViewsKey(email) });
    },
  });
}

export function useDeleteView(email: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiDelete(`/views/${encodeURIComponent(id)}`),
    onSuccess: (_, id) => {
      client.setQueryData<SavedView[]>(savedViewsKey(email), (views) => views?.filter((v) => v.id !== id));
      void client.invalidateQueries({ queryKey: savedViewsKey(email) });
    },
  });
}

// ---------------------------------------------------------------------------------------------
// The workspace's name and zone (admins) and one's own password (anyone signed in)

/**
 * Renames the workspace or changes its zone. "me" is updated at once (the top bar's name, the
 * dashboard's default zone: reports without a tz in the URL ask again in the new zone).
 */
export function useUpdateWorkspace() {
  const client = useQueryClient();
  const recheck = useRecheckRoleOn403();
  return useMutation({
    mutationFn: (body: UpdateWorkspaceRequest) => apiPatch<WorkspaceSettings>('/workspace', body),
    onSuccess: (ws) => {
      client.setQueryData<Me | null>(ME_KEY, (me) => (me ? { ...me, workspace: { ...me.workspace, ...ws } } : me));
      void client.invalidateQueries({ queryKey: ME_KEY });
    },
    onError: recheck,
  });
}

/** Changes the signed-in user's password; the server ends their other sessions, this one stays. */
export function useChangePassword() {
  return useMutation({ mutationFn: (body: ChangePasswordRequest) => apiPost<void>('/auth/password', body) });
}

// ---------------------------------------------------------------------------------------------
// The workspace's business-hours schedule (anyone signed in reads it; admins write it)

export const BUSINESS_HOURS_KEY = ['settings', 'business-hours'] as const;
const BUSINESS_HOURS_PATH = '/settings/business-hours';

const isNotFound = (e: unknown): boolean => e instanceof ApiError && e.status === 404;

/** The schedule; null when the workspace has none (a 404 is an answer here, not an error). */
export function useBusinessHours() {
  return useQuery({
    queryKey: BUSINESS_HOURS_KEY,
    queryFn: async ({ signal }) => {
      try {
        return await apiGet<BusinessHours>(BUSINESS_HOURS_PATH, signal);
      } catch (e) {
        if (isNotFound(e)) return null;
        throw e;
      }
    },
  });
}

/**
 * After a schedule change: "me" says whether there is one (the filter bar's hours switch), and
 * figures in business hours are of the old schedule.
 */
function scheduleChanged(client: ReturnType<typeof useQueryClient>): void {
  void client.invalidateQueries({ queryKey: ME_KEY });
  void client.invalidateQueries({ queryKey: ['metrics'], predicate: (q) => (q.queryKey[2] as { hours?: string } | undefined)?.hours === 'business' });
}

/** Replaces the schedule; the answer (normalised: sorted intervals and dates) is what the screen shows next. */
export function usePutBusinessHours() {
  const client = useQueryClient();
  const recheck = useRecheckRoleOn403();
  return useMutation({
    mutationFn: (body: BusinessHoursRequest) => apiPut<BusinessHours>(BUSINESS_HOURS_PATH, body),
    onSuccess: (schedule) => {
      client.setQueryData(BUSINESS_HOURS_KEY, schedule);
      scheduleChanged(client);
    },
    onError: recheck,
  });
}

/** Removes the schedule; a 404 means it was already gone (removed elsewhere), which is what was asked. */
export function useDeleteBusinessHours() {
  const client = useQueryClient();
  const recheck = useRecheckRoleOn403();
  return useMutation({
    mutationFn: async () => {
      try {
        await apiDelete(BUSINESS_HOURS_PATH);
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    },
    onSuccess: () => {
      client.setQueryData(BUSINESS_HOURS_KEY, null);
      scheduleChanged(client);
    },
    onError: recheck,
  });
}

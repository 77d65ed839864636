/**
 * Which conversations a drill-down selects (api.md "Drill-down"), shared by GET /conversations
 * and the conversations export (which gives the same selection as CSV): the instant that lies in
 * the period (`by`), the status and the first responder, in the request's responder and hours.
 * SQL fragments over conversation_facts aliased `f`.
 */
import { type ConversationBy, type ConversationStatus, type Hours, NONE_VALUE, type Responder } from '@parley/shared';

/** Which fact columns a list answers with (api.md: they follow the request's hours and responder). */
export interface FactChoice {
  hours: Hours;
  responder: Responder;
}

/** The facts column of a duration or responder-dependent value, per FactChoice (alias f). */
export function factColumn(c: FactChoice, name: 'firstResponseAt' | 'firstResponseTime' | 'firstResponder' | 'agentFirstResponseTime' | 'resolutionTime' | 'assignmentResponseTime' | 'waitingSince'): string {
  const agent = c.responder === 'agent';
  const biz = c.hours === 'business' ? 'biz_' : '';
  switch (name) {
    case 'firstResponseAt':
      return agent ? 'f.agent_first_response_at' : 'f.first_response_at';
    case 'firstResponseTime':
      return `f.${biz}${agent ? 'agent_' : ''}first_response_time`;
    case 'firstResponder':
      return agent ? 'f.agent_first_responder' : 'f.first_responder';
    case 'agentFirstResponseTime':
      return `f.${biz}agent_first_response_time`;
    case 'resolutionTime':
      return `f.${biz}resolution_time`;
    case 'assignmentResponseTime':
      return `f.${biz}assignment_response_time`;
    case 'waitingSince':
      return agent ? 'f.agent_waiting_since' : 'f.waiting_since';
  }
}

/** The column of each `by` instant. */
export const BY: Record<ConversationBy, string> = {
  startedAt: 'f.started_at',
  firstCustomerAt: 'f.first_customer_at',
  resolvedAt: 'f.resolved_at',
  firstAssignedAt: 'f.first_assigned_at',
};

/** The status filter (api.md "Drill-down"), in the scope's responder and hours ($4: sla seconds). */
export function statusFilter(s: FactChoice & { status: ConversationStatus | null }, sla: string): string {
  const firstResponse = factColumn(s, 'firstResponseAt');
  const time = factColumn(s, 'firstResponseTime');
  switch (s.status) {
    case null:
      return '';
    case 'answered':
      return ` AND ${firstResponse} IS NOT NULL`;
    case 'unanswered':
      return ` AND f.first_customer_at IS NOT NULL AND ${firstResponse} IS NULL`;
    case 'resolved':
      return ' AND f.resolved_at IS NOT NULL';
    case 'open':
      return ' AND f.resolved_at IS NULL';
    case 'waiting':
      return ` AND ${factColumn(s, 'waitingSince')} IS NOT NULL`;
    // Not "within SLA" (the metrics' first response ≤ sla) among conversations with a first customer message.
    case 'breached':
      return ` AND f.first_customer_at IS NOT NULL AND (${time} IS NULL OR ${time} > ${sla})`;
    case 'converted':
      return ' AND f.converted';
    case 'automated':
      return ' AND f.automated';
  }
}

/** The first responder filter (`none`: no first responder); `agent` is the SQL of the agent id. */
export function agentFilter(s: FactChoice & { agent: string | null }, agent: string): string {
  if (s.agent === null) return '';
  const column = factColumn(s, 'firstResponder');
  return s.agent === NONE_VALUE ? ` AND ${column} IS NULL` : ` AND ${column} = ${agent}`;
}

import { satisfiesRule, STATEMENT_RULES } from '@jmm/domain';
import type { AppServices } from '../app-services.ts';
import { requirePrincipal, type Principal } from '../auth/auth-plugin.ts';
import { ServerError } from '../server-error.ts';

/**
 * Whether `principal`'s organisation kind and roles may issue `report.publish` (STATEMENT_RULES: secretariat
 * approvers and admins): the rule the log applies to the report itself, so only those who could publish a
 * report upload its documents or have the server draft one.
 */
export function mayPublishReports(services: AppServices, principal: Principal): boolean {
  const kind = services.engine.mechanismState.orgs.get(principal.org)?.kind;
  return kind !== undefined && satisfiesRule(STATEMENT_RULES['report.publish'], kind, principal.roles);
}

/** The signed-in principal, if it may publish reports; ServerError `unauthenticated` or `forbidden`. */
export function requireReportPublisher(
  services: AppServices,
  principal: Principal | undefined,
  action: string,
): Principal {
  const signedIn = requirePrincipal(principal);
  if (!mayPublishReports(services, signedIn))
    throw new ServerError('forbidden', `only members who may publish reports ${action}`);
  return signedIn;
}

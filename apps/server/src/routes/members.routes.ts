import { memberKey, roleSchema, viewerOf, type MechanismState } from '@jmm/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppServices } from '../app-services.ts';
import { requirePrincipal } from '../auth/auth-plugin.ts';
import { ServerError } from '../server-error.ts';
import { base64Schema, logIntegerSchema, problemResponses } from './api-schemas.ts';

const memberSchema = z.object({
  org: z.string(),
  member: z.string(),
  display_name: z
    .string()
    .describe(
      "The member's latest member.profile name the caller's organisation may read, or else its role title",
    ),
  role_title: z.string().describe('The role title of the public enrolment (never a personal name)'),
  roles: z.array(roleSchema),
  active: z.boolean().describe('false once the member was revoked'),
  keys: z.array(
    z.object({
      key_id: z.string(),
      public_key: base64Schema,
      enrolled_index: logIntegerSchema,
      enrolled_at: z.string().nullable().describe('Log time of the enrolment'),
      revoked_index: logIntegerSchema.nullable(),
      revoked_at: z.string().nullable().describe('Log time of the revocation'),
    }),
  ),
});

const demoMemberSchema = z.object({
  org: z.string(),
  member: z.string(),
  display_name: z.string(),
  roles: z.array(roleSchema),
  seed: base64Schema.describe('The Ed25519 private key seed (32 bytes): synthetic, public by design'),
});

/** The state as the member's organisation sees it: the fold of what it may read (DESIGN.md §1.7). */
function readerState(services: AppServices, org: string): Readonly<MechanismState> {
  const { engine } = services;
  return engine.viewState(viewerOf(org)) ?? engine.viewState(viewerOf(undefined))!;
}

/**
 * Who takes part in the mechanism, for members, with the display names of the `member.profile` statements the
 * caller's organisation may read (the enrolments themselves are public and carry role titles only, DESIGN.md
 * §1.7; GET /mechanism names no person), and on a demonstration mechanism the demo members' keys, so that the web app can
 * offer "sign in as" buttons.
 */
export const memberRoutes: FastifyPluginAsyncZod<{ services: AppServices }> = (app, { services }) => {
  app.get(
    '/members',
    {
      schema: {
        summary: "The mechanism's members and their keys, as the caller's organisation knows them",
        tags: ['mechanism'],
        security: [{ bearer: [] }, { session: [] }],
        response: { 200: z.object({ members: z.array(memberSchema) }), ...problemResponses(401) },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request.principal);
      const state = readerState(services, principal.org);
      const keys = [...state.keys.values()];
      // Enrolments and revocations are statements in the log: their log times are their entries'.
      const logTimes = await services.entries.findLogTimes(
        keys.flatMap((key) =>
          key.revokedAt === undefined ? [key.enrolledAt] : [key.enrolledAt, key.revokedAt],
        ),
      );
      const logTimeAt = (index: bigint) => logTimes.get(index) ?? null;
      const members = [...state.members.values()].map((member) => ({
        org: member.org,
        member: member.member,
        // A profile name is in the view only of organisations that may read the profile (never the public's).
        display_name: member.profileName ?? member.displayName,
        role_title: member.displayName,
        roles: [...member.roles],
        active: member.active,
        keys: keys
          .filter((key) => memberKey(key.org, key.member) === memberKey(member.org, member.member))
          .map((key) => ({
            key_id: key.keyId,
            public_key: key.publicKey,
            enrolled_index: Number(key.enrolledAt),
            enrolled_at: logTimeAt(key.enrolledAt),
            revoked_index: key.revokedAt === undefined ? null : Number(key.revokedAt),
            revoked_at: key.revokedAt === undefined ? null : logTimeAt(key.revokedAt),
          })),
      }));
      members.sort((a, b) => (a.org === b.org ? compare(a.member, b.member) : compare(a.org, b.org)));
      return { members };
    },
  );

  app.get(
    '/demo/members',
    {
      schema: {
        summary: 'On a demonstration mechanism only: its members and their private key seeds',
        description: [
          'Demo keys are public by design: a demonstration mechanism holds synthetic data only, and anyone may',
          'sign in as any of its members to try the web app. The keys come from the demo-keys.json that',
          '`jmm demo` writes, read once at start. A real mechanism never has that file and never serves this',
          'route (404), whatever its requests say.',
        ].join(' '),
        tags: ['mechanism'],
        response: { 200: z.object({ members: z.array(demoMemberSchema) }), ...problemResponses(404) },
      },
    },
    () => {
      const state = services.engine.mechanismState;
      const demo = services.demoMembers;
      if (demo === undefined || !state.settings.synthetic)
        throw new ServerError('not_found', 'this is not a demonstration mechanism');
      // Only keys that can sign in now: enrolled, unrevoked, of an active member.
      const members = demo.filter((entry) => {
        const keyId = services.engine.keyIdOf(entry.publicKey);
        const key = state.keys.get(keyId);
        return (
          key !== undefined &&
          key.revokedAt === undefined &&
          key.org === entry.org &&
          key.member === entry.member &&
          state.members.get(memberKey(entry.org, entry.member))?.active === true
        );
      });
      return {
        members: members.map((entry) => ({
          org: entry.org,
          member: entry.member,
          display_name: entry.displayName,
          roles: [...entry.roles],
          seed: entry.seed,
        })),
      };
    },
  );
  return Promise.resolve();
};

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

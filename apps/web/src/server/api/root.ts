import { customersRouter } from './routers/customers';
import { journeysRouter } from './routers/journeys';
import { journeyEditorRouter } from './routers/journey-editor';
import { mailboxRouter } from './routers/mailbox';
import { segmentsRouter } from './routers/segments';
import { settingsRouter } from './routers/settings';
import { teamRouter } from './routers/team';
import { templatesRouter } from './routers/templates';
import { workspaceRouter } from './routers/workspace';
import { createCallerFactory, createTRPCRouter } from './trpc';

/** Every domain router, one line each. The UI imports only the `AppRouter` type. */
export const appRouter = createTRPCRouter({
  workspace: workspaceRouter,
  customers: customersRouter,
  journeys: journeysRouter,
  templates: templatesRouter,
  mailbox: mailboxRouter,
  settings: settingsRouter,
  segments: segmentsRouter,
  journeyEditor: journeyEditorRouter,
  team: teamRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);

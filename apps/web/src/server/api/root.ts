import { customersRouter } from './routers/customers';
import { journeyEditorRouter } from './routers/journey-editor';
import { mailboxRouter } from './routers/mailbox';
import { templatesRouter } from './routers/templates';
import { workspaceRouter } from './routers/workspace';
import { createCallerFactory, createTRPCRouter } from './trpc';

/** Every domain router, one line each. The UI imports only the `AppRouter` type. */
export const appRouter = createTRPCRouter({
  workspace: workspaceRouter,
  customers: customersRouter,
  templates: templatesRouter,
  mailbox: mailboxRouter,
  journeyEditor: journeyEditorRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);

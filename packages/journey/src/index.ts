export * from './definition';
export * from './run-protocol';
export * from './node-kind';
export * from './duration';
export * from './branch-condition';
export * from './cron';
export * from './nodes';

export * from './log-error.ts';
export * from './log-storage.ts';

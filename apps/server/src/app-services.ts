// What `buildApp` is given: the opened mechanism's services (@jmm/mechanism), named for the app that serves them.
export type { MechanismServices as AppServices } from '@jmm/mechanism';

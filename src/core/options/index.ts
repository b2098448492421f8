export * from './errors';
export * from './sections';

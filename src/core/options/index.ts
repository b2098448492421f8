export * from './errors';
export * from './sections';
export * from './presets';

export * from './checkpoints.ts';
export * from './corralReferences.ts';
export * from './createRule.ts';

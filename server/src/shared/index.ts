// What the server shares with editor clients: settings and custom messages, protocol types only.
export * from './customMessages.ts';
export * from './settings.ts';

export * from './errors';
export * from './limits';
export * from './models';
export * from './protocol';
export * from './api';
export * from './text';
export * from './ids';
export * from './i18n';

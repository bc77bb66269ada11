export { createApp, sendError, type AppDeps } from './app.ts';
export { startServer, type RunningServer, type StartOptions } from './server.ts';
export { loadConfig, configSchema, ConfigError, type Config } from './config.ts';
export { createLogger, REDACT_PATHS, type Logger } from './logger.ts';

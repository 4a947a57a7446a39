export { bootstrap, CONSOLE_DIR, type RunningApi } from './bootstrap';
export { loadApiConfig, API_ENV, type ApiConfig } from './api.config';
export { errorResponse, type ErrorBody } from './http/error.filter';

export { BACKEND_ENV_VAR, backendChoiceSchema, backendInfoSchema, backendNames, describeBackend, type BackendChoice, type BackendInfo, type BackendName } from './info';
export { defaultLoaders, ensureBackend, forcedBackend, selectBackend, type BackendLoader, type LoadedBackend, type SelectOptions } from './select';
export { BACKEND_INFO_KEY, BACKEND_SETTING_KEY, backendForStep } from './step';

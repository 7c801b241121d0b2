/** Types of the Hono context shared by every route module. */
export interface AppVariables {
  requestId: string;
}

export interface AppEnv {
  Bindings: Env;
  Variables: AppVariables;
}

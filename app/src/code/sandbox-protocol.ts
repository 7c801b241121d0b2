/** Messages between the page (runner.ts) and the harness in the sandbox's Worker (sandbox-worker.ts). */

/** What a Worker is started with. */
export type SandboxInit =
  | { kind: 'javascript' }
  | {
      kind: 'python';
      /** Where Pyodide believes it lives; nothing is fetched from it. */
      indexURL: string;
      lock: string;
      stdlib: ArrayBuffer;
      /**
       * Pyodide's memory right after an earlier interpreter started, before any program ran in
       * it: restoring it skips Python's own start, most of the time a restart takes.
       */
      snapshot?: ArrayBuffer;
    };

/** Page to Worker. JavaScript programs are part of the Worker's script; Python's come with `run`. */
export interface SandboxRequest {
  t: 'run';
  stdin: string;
  source?: string;
  /** Past this many bytes of output the harness stops sending (the page cuts the run there anyway). */
  outputLimitBytes: number;
}

/** Worker to page. Untrusted: the program shares the Worker and may post anything. */
export type SandboxReply =
  | { t: 'started' }
  | { t: 'ready'; ms: number; snapshot?: ArrayBuffer }
  | { t: 'out'; s: 1 | 2; text: string }
  | { t: 'done'; exit: number }
  | { t: 'fail'; message: string };

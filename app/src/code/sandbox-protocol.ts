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
      /** Only when the frame has no compiled module to hand over. */
      wasmBytes?: ArrayBuffer;
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
export type SandboxReply = { t: 'started' } | { t: 'ready'; ms: number } | { t: 'out'; s: 1 | 2; text: string } | { t: 'done'; exit: number } | { t: 'fail'; message: string };

import { describe, expect, it } from 'vitest';
import { SANDBOX_FRAME_SCRIPT, sandboxFrameCsp, sandboxFrameScriptSource } from '../../../worker/schemas/code-sandbox';
import { api } from '../support/helpers';

/** The page's policy as a map of directive to its sources. */
function directives(policy: string | null): Map<string, string[]> {
  return new Map(
    (policy ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/) as [string, ...string[]])
      .map(([name, ...sources]) => [name, sources]),
  );
}

describe("the code sandbox's place in the page's Content-Security-Policy", () => {
  it("allows the sandbox frame's one inline script by its hash, blob: Workers and WebAssembly, and nothing inline else", async () => {
    // A page's policy (the invite page, here the one for an unknown link): JSON responses get none of it.
    const policy = directives((await api('/i/not-a-link-token-at-all')).headers.get('content-security-policy'));
    const hash = await sandboxFrameScriptSource();
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(SANDBOX_FRAME_SCRIPT)));
    expect(hash).toBe(`'sha256-${btoa(String.fromCharCode(...digest))}'`);
    expect(policy.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'", hash]);
    expect(policy.get('worker-src')).toEqual(["'self'", 'blob:']);
    // The page keeps its own reach: the sandbox's frame adds connect-src 'none' on top.
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it("gives the frame a policy of its own without network, whatever the page's allows", async () => {
    const frame = directives(sandboxFrameCsp(await sandboxFrameScriptSource()));
    expect(frame.get('default-src')).toEqual(["'none'"]);
    expect(frame.get('connect-src')).toEqual(["'none'"]);
    expect(frame.get('worker-src')).toEqual(['blob:']);
    expect(frame.get('script-src')).toEqual(["'wasm-unsafe-eval'", await sandboxFrameScriptSource()]);
  });
});

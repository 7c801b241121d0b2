/** The shape of the AI binding analysis needs: the real `Ai`, or the recorded double (worker/analysis/double.ts). */
export interface AiRunner {
  run(model: string, input: Record<string, unknown>): Promise<unknown>;
}

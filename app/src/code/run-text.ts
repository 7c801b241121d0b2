/**
 * The words of run results (RunOutput.tsx). The English ones serve the dashboard, pads and the
 * sandbox page as they are, and the candidate's code catalog (app/src/candidate/code-messages.ts)
 * with its language's number format; a candidate's code question passes its catalog's.
 */
export interface RunText {
  stoppedTime: (seconds: number) => string;
  stoppedOutput: (kb: number) => string;
  endedWithError: string;
  runOutput: string;
  output: string;
  standardOutput: string;
  nothingPrinted: string;
  errors: string;
  standardError: string;
  ranIn: (seconds: number) => string;
  testResults: string;
  testsPassed: (passed: number, total: number) => string;
  testVerdict: (name: string, passed: boolean) => string;
  expectedOutput: string;
  actualOutput: string;
}

/** The English words, with numbers written by `formatNumber`. */
export function englishRunText(formatNumber: (n: number, options?: Intl.NumberFormatOptions) => string): RunText {
  return {
    stoppedTime: (seconds) => `Stopped after ${formatNumber(seconds)} s: the program ran too long.`,
    stoppedOutput: (kb) => `Stopped: the program printed more than ${formatNumber(kb)} KB.`,
    endedWithError: 'The program ended with an error.',
    runOutput: 'Run output',
    output: 'Output',
    standardOutput: 'Standard output',
    nothingPrinted: '(nothing printed)',
    errors: 'Errors',
    standardError: 'Standard error',
    ranIn: (seconds) => `Ran in ${formatNumber(seconds, { minimumFractionDigits: 2, maximumFractionDigits: 2 })} s`,
    testResults: 'Test results',
    testsPassed: (passed, total) => `${formatNumber(passed)} of ${formatNumber(total)} tests passed`,
    testVerdict: (name, passed) => `${name}: ${passed ? 'passed' : 'failed'}`,
    expectedOutput: 'Expected output',
    actualOutput: 'Actual output',
  };
}

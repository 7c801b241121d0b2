// Types for modules that ship none.

// saxen: the non-proxy, non-namespace mode xlsx.ts uses.
declare module 'saxen' {
  type Decode = (value: string) => string;
  export class Parser {
    constructor(options?: { proxy?: false });
    on(event: 'openTag', cb: (name: string, attrs: () => Record<string, string>, decode: Decode, selfClosing: boolean) => void): this;
    on(event: 'closeTag', cb: (name: string, decode: Decode, selfClosing: boolean) => void): this;
    on(event: 'text', cb: (value: string, decode: Decode) => void): this;
    on(event: 'cdata', cb: (value: string) => void): this;
    on(event: 'error' | 'warn', cb: (err: Error) => void): this;
    parse(xml: string): Error | undefined;
    write(xml: string): this;
    end(): Error | undefined;
    stop(): void;
  }
  export function decode(value: string): string;
}

/**
 * Minimal type declarations for gettext-parser 9 (the package ships none):
 * only the parts the corpus builder and its tests use.
 */
declare module 'gettext-parser' {
  export interface GetTextTranslation {
    msgctxt?: string;
    msgid: string;
    msgid_plural?: string;
    msgstr: string[];
    comments?: Record<string, string>;
  }
  export interface GetTextTranslations {
    charset: string;
    headers: Record<string, string>;
    translations: Record<string, Record<string, GetTextTranslation>>;
  }
  export const po: {
    parse(input: string | Buffer, options?: { defaultCharset?: string; validation?: boolean }): GetTextTranslations;
    compile(data: GetTextTranslations, options?: Record<string, unknown>): Buffer;
  };
  export const mo: {
    parse(buffer: Buffer, defaultCharset?: string): GetTextTranslations;
    compile(data: GetTextTranslations, options?: Record<string, unknown>): Buffer;
  };
  const gettextParser: { po: typeof po; mo: typeof mo };
  export default gettextParser;
}

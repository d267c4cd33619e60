/** sacreBLEU's `none` tokenizer (tokenizer_none.py): the line is used as is. */
export function tokenizeNone(line: string): string {
  return line;
}

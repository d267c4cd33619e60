/** Browser stand-in for node:stream: gettext-parser's streaming parser is not offered on the page. */
export class Transform {
  constructor() {
    throw new Error('streams are not available in the browser bundle');
  }
}
export default { Transform };

/**
 * Virtual-meter formulas: a small, total parser (every input gives a result or a FormulaError, never another
 * exception) for linear combinations of meter channels.
 *
 * Syntax (spaces anywhere between tokens):
 *   formula  := sum
 *   sum      := product (('+' | '-' | '−') product)*
 *   product  := unary (('*' | '×' | '/') unary)*
 *   unary    := ('-' | '−' | '+') unary | primary
 *   primary  := number | reference | '(' sum ')'
 *   number   := digits ['.' digits] [('e' | 'E') ['+' | '-'] digits]      (a decimal point, never a comma)
 *   reference:= '[' serial ':' channel ']'     e.g. [F-0001:1.29.0], [MTR 7:1-0:2.29.0]
 * The channel is an OBIS code (`C.D.E`, `A-B:C.D.E`, with an optional `*F`); the serial is everything before the
 * last ':' that leaves an OBIS code behind (so serials and full OBIS codes may both contain ':').
 *
 * A formula must be LINEAR in its references: a reference may be multiplied or divided by a constant, never by
 * another reference, and a bare number may not be added to energies (it has no unit). `linearize` turns the tree
 * into Σ coefficient × reference; the same reference written twice has its coefficients added.
 */

/** A parse or linearity error: plain message and the 0-based character position it refers to. */
export class FormulaError extends Error {
  constructor(message: string, readonly position: number) {
    super(message);
    this.name = 'FormulaError';
  }
}

/** A reference to one channel of one meter, as written. */
export interface ChannelRef {
  readonly serial: string;
  /** The channel as written (any OBIS form). */
  readonly channel: string;
  /** The reference's text as written, e.g. `[F-0001:1.29.0]`, for messages. */
  readonly text: string;
  readonly position: number;
}

/** The formula's syntax tree. */
export type FormulaNode =
  | { readonly type: 'number'; readonly value: number; readonly position: number }
  | { readonly type: 'ref'; readonly ref: ChannelRef; readonly position: number }
  | { readonly type: 'neg'; readonly operand: FormulaNode; readonly position: number }
  | { readonly type: 'binary'; readonly op: '+' | '-' | '*' | '/'; readonly left: FormulaNode; readonly right: FormulaNode; readonly position: number };

/** Longest formula accepted, characters. */
export const MAX_FORMULA_LENGTH = 4000;
/** Deepest nesting of brackets and signs accepted (keeps the recursive parser's stack small). */
export const MAX_FORMULA_DEPTH = 64;

const OBIS_TAIL = /^(?:\d{1,3}-\d{1,3}:)?[0-9A-Za-z]{1,3}\.[0-9A-Za-z]{1,3}\.[0-9A-Za-z]{1,3}(?:\*\d{1,3})?$/;

/** Parse `text` into a tree. @throws FormulaError with a plain message and position. */
export function parseFormula(text: string): FormulaNode {
  if (typeof text !== 'string') throw new FormulaError('The formula must be text.', 0);
  if (text.length > MAX_FORMULA_LENGTH) throw new FormulaError(`The formula is longer than ${MAX_FORMULA_LENGTH} characters.`, MAX_FORMULA_LENGTH);
  if (text.trim() === '') throw new FormulaError('The formula is empty: write meters and channels, e.g. [F-0001:1.29.0] - [C-0002:1.29.0].', 0);
  const p = new Parser(text);
  const node = p.sum(0);
  p.skip();
  if (p.pos < text.length) {
    const hint = text[p.pos] === ',' ? 'write decimals with a point (2.5), not a comma' : 'expected + - * / or the end';
    throw new FormulaError(`Unexpected "${text[p.pos]}" at character ${p.pos + 1}: ${hint}.`, p.pos);
  }
  return node;
}

class Parser {
  pos = 0;
  constructor(private readonly s: string) {}

  skip(): void {
    while (this.pos < this.s.length && /\s/.test(this.s[this.pos]!)) this.pos++;
  }

  private peek(): string | undefined {
    this.skip();
    return this.s[this.pos];
  }

  private depthCheck(depth: number): void {
    if (depth > MAX_FORMULA_DEPTH) throw new FormulaError(`The formula nests deeper than ${MAX_FORMULA_DEPTH} levels.`, this.pos);
  }

  sum(depth: number): FormulaNode {
    this.depthCheck(depth);
    let left = this.product(depth);
    for (let c = this.peek(); c === '+' || c === '-' || c === '−'; c = this.peek()) {
      const at = this.pos++;
      left = { type: 'binary', op: c === '+' ? '+' : '-', left, right: this.product(depth), position: at };
    }
    return left;
  }

  private product(depth: number): FormulaNode {
    let left = this.unary(depth);
    for (let c = this.peek(); c === '*' || c === '×' || c === '/'; c = this.peek()) {
      const at = this.pos++;
      left = { type: 'binary', op: c === '/' ? '/' : '*', left, right: this.unary(depth), position: at };
    }
    return left;
  }

  private unary(depth: number): FormulaNode {
    this.depthCheck(depth);
    const c = this.peek();
    if (c === '-' || c === '−' || c === '+') {
      const at = this.pos++;
      const operand = this.unary(depth + 1);
      return c === '+' ? operand : { type: 'neg', operand, position: at };
    }
    return this.primary(depth);
  }

  private primary(depth: number): FormulaNode {
    const c = this.peek();
    const at = this.pos;
    if (c === undefined) throw new FormulaError('The formula ends too early: a meter, a number or "(" is missing at the end.', at);
    if (c === '(') {
      this.pos++;
      const inner = this.sum(depth + 1);
      if (this.peek() !== ')') throw new FormulaError(`The bracket opened at character ${at + 1} is not closed.`, this.pos);
      this.pos++;
      return inner;
    }
    if (c === '[') return this.reference(at);
    if (/[0-9.]/.test(c)) return this.number(at);
    if (c === ',') throw new FormulaError(`Unexpected "," at character ${at + 1}: write decimals with a point (2.5), not a comma.`, at);
    throw new FormulaError(`Unexpected "${c}" at character ${at + 1}: expected a meter like [F-0001:1.29.0], a number or "(".`, at);
  }

  private number(at: number): FormulaNode {
    const m = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(this.s.slice(at));
    if (!m) throw new FormulaError(`"${this.s[at]}" at character ${at + 1} does not start a number.`, at);
    const value = Number(m[0]);
    if (!Number.isFinite(value)) throw new FormulaError(`The number "${m[0]}" at character ${at + 1} is too large.`, at);
    this.pos = at + m[0].length;
    return { type: 'number', value, position: at };
  }

  private reference(at: number): FormulaNode {
    const close = this.s.indexOf(']', at + 1);
    if (close < 0) throw new FormulaError(`The meter reference at character ${at + 1} has no closing "]".`, at);
    const inner = this.s.slice(at + 1, close);
    const text = this.s.slice(at, close + 1);
    if (/[[\u0000-\u001f\u007f]/.test(inner)) throw new FormulaError(`The meter reference ${JSON.stringify(text)} contains "[" or a control character.`, at);
    // The leftmost ':' that leaves an OBIS code behind (serials and full OBIS codes may both contain ':').
    let split = -1;
    for (let i = inner.indexOf(':'); i >= 0; i = inner.indexOf(':', i + 1)) {
      if (i > 0 && OBIS_TAIL.test(inner.slice(i + 1).trim())) {
        split = i;
        break;
      }
    }
    if (split < 0) {
      throw new FormulaError(`The meter reference ${text} needs a serial number and a channel: write [serial:OBIS], e.g. [F-0001:1.29.0].`, at);
    }
    const serial = inner.slice(0, split).trim();
    const channel = inner.slice(split + 1).trim();
    if (serial === '' || serial.length > 32) throw new FormulaError(`The meter reference ${text} needs a serial number of 1 to 32 characters before ":".`, at);
    this.pos = close + 1;
    return { type: 'ref', ref: { serial, channel, text, position: at }, position: at };
  }
}

/** One term of a linear formula: coefficient × reference. */
export interface LinearTerm {
  readonly ref: ChannelRef;
  readonly coefficient: number;
}

/** Σ coefficient × reference: the evaluable form of a formula. Terms in order of first appearance. */
export interface LinearFormula {
  readonly terms: readonly LinearTerm[];
}

interface Lin {
  readonly constant: number;
  readonly terms: Map<string, { ref: ChannelRef; coefficient: number }>;
  readonly position: number;
}

const keyOf = (r: ChannelRef) => `${r.serial.toUpperCase()}\u0000${r.channel}`;

/**
 * The linear form of `node`. @throws FormulaError naming the offending part: two references multiplied, a division
 * by a reference or by zero, a bare number added to references, a formula without any reference, or a coefficient
 * that is not a finite number.
 */
export function linearize(node: FormulaNode): LinearFormula {
  const lin = lin1(node);
  if (lin.terms.size === 0) throw new FormulaError('The formula names no meter: write at least one reference like [F-0001:1.29.0].', 0);
  if (lin.constant !== 0) {
    throw new FormulaError(`The number ${lin.constant} is added to energies but has no unit: use numbers only as factors (2.5 * [F-0001:1.29.0]).`, lin.position);
  }
  const terms = [...lin.terms.values()].map((t) => ({ ref: t.ref, coefficient: t.coefficient }));
  for (const t of terms) {
    if (!Number.isFinite(t.coefficient)) throw new FormulaError(`The factor of ${t.ref.text} is not a finite number.`, t.ref.position);
  }
  return { terms };
}

function scaled(a: Lin, k: number, position: number): Lin {
  const terms = new Map<string, { ref: ChannelRef; coefficient: number }>();
  for (const [key, t] of a.terms) terms.set(key, { ref: t.ref, coefficient: t.coefficient * k });
  return { constant: a.constant * k, terms, position: a.terms.size === 0 ? position : a.position };
}

function lin1(n: FormulaNode): Lin {
  switch (n.type) {
    case 'number':
      return { constant: n.value, terms: new Map(), position: n.position };
    case 'ref':
      return { constant: 0, terms: new Map([[keyOf(n.ref), { ref: n.ref, coefficient: 1 }]]), position: n.position };
    case 'neg':
      return scaled(lin1(n.operand), -1, n.position);
    case 'binary': {
      const a = lin1(n.left);
      const b = lin1(n.right);
      if (n.op === '+' || n.op === '-') {
        const k = n.op === '+' ? 1 : -1;
        const terms = new Map(a.terms);
        for (const [key, t] of b.terms) {
          const prev = terms.get(key);
          terms.set(key, { ref: prev?.ref ?? t.ref, coefficient: (prev?.coefficient ?? 0) + k * t.coefficient });
        }
        const position = a.constant !== 0 && a.terms.size === 0 ? a.position : b.position;
        return { constant: a.constant + k * b.constant, terms, position };
      }
      if (n.op === '*') {
        if (a.terms.size > 0 && b.terms.size > 0) {
          const [x, y] = [[...a.terms.values()][0]!.ref.text, [...b.terms.values()][0]!.ref.text];
          throw new FormulaError(`${x} is multiplied by ${y}: a virtual meter may multiply a meter only by a number.`, n.position);
        }
        return a.terms.size > 0 ? scaled(a, b.constant, n.position) : scaled(b, a.constant, n.position);
      }
      if (b.terms.size > 0) throw new FormulaError(`Division by the meter ${[...b.terms.values()][0]!.ref.text}: a virtual meter may divide only by a number.`, n.position);
      if (b.constant === 0) throw new FormulaError(`Division by zero at character ${n.position + 1}.`, n.position);
      return scaled(a, 1 / b.constant, n.position);
    }
  }
}

/** Parse and linearize in one step. @throws FormulaError. */
export function compileFormula(text: string): LinearFormula {
  return linearize(parseFormula(text));
}

/** The canonical text of a linear formula, e.g. `[F-0001:1.29.0] - 2.5 × [C-2:1.29.0]` (for display and hashing). */
export function formatLinear(f: LinearFormula): string {
  return f.terms
    .map((t, i) => {
      const k = Math.abs(t.coefficient);
      const sign = t.coefficient < 0 ? (i === 0 ? '-' : ' - ') : i === 0 ? '' : ' + ';
      return `${sign}${k === 1 ? '' : `${k} * `}[${t.ref.serial}:${t.ref.channel}]`;
    })
    .join('');
}

import { RehearsalError } from "./errors.ts";

/** A reference such as `aws_rds_cluster.main.master_user_secret[0].secret_arn`, as its steps. */
export type Traversal = readonly (string | number)[];

/** Answers a reference with the value it has in the rehearsal's local world. */
export type ReferenceResolver = (traversal: Traversal) => string;

type Value = string | readonly Value[] | { readonly [key: string]: Value };

/**
 * Evaluates a string of synthesized Terraform JSON: literal text with `${ … }` interpolations, `$${` and `%%{`
 * escapes. Inside an interpolation it understands what cdktn writes for the boot script, the parameters and the
 * secrets: quoted templates, lists, objects, references, and the functions `join`, `jsonencode`, `base64encode`,
 * `base64decode` and `tostring`.
 */
export function evaluateTemplate(text: string, resolve: ReferenceResolver): string {
  const parser = new Parser(text, resolve);
  const value = parser.template(undefined);
  if (typeof value !== "string") throw parser.error("a template must produce a string");
  return value;
}

const FUNCTIONS: Record<string, (args: Value[]) => Value> = {
  join: ([separator, list]) => {
    if (typeof separator !== "string" || !Array.isArray(list))
      throw new Error("join(separator, list) needs a string and a list");
    return list.map((item) => asString(item)).join(separator);
  },
  base64encode: ([text]) => Buffer.from(asString(text), "utf8").toString("base64"),
  base64decode: ([text]) => Buffer.from(asString(text), "base64").toString("utf8"),
  tostring: ([text]) => asString(text),
  jsonencode: ([value]) => JSON.stringify(value),
};

function asString(value: Value | undefined): string {
  if (typeof value !== "string") throw new Error(`expected a string, got ${JSON.stringify(value)}`);
  return value;
}

class Parser {
  private position = 0;
  private readonly text: string;
  private readonly resolve: ReferenceResolver;

  constructor(text: string, resolve: ReferenceResolver) {
    this.text = text;
    this.resolve = resolve;
  }

  error(message: string): RehearsalError {
    return new RehearsalError(
      "E_TERRAFORM_EXPRESSION",
      `${message} at offset ${this.position} of ${JSON.stringify(this.text.slice(0, 120))}…`,
    );
  }

  /**
   * Literal text and interpolations up to `end` (a closing quote inside an expression) or the end of the input. A
   * template that is exactly one interpolation keeps its value's type, as Terraform does.
   */
  template(end: '"' | undefined): Value {
    const parts: Value[] = [];
    let literal = "";
    while (this.position < this.text.length) {
      const rest = this.text.slice(this.position);
      if (end !== undefined && rest.startsWith(end)) break;
      if (rest.startsWith("$${") || rest.startsWith("%%{")) {
        literal += rest.slice(1, 3);
        this.position += 3;
      } else if (rest.startsWith("${")) {
        if (literal) parts.push(literal);
        literal = "";
        this.position += 2;
        parts.push(this.expression());
        this.skipSpace();
        this.expect("}");
      } else if (rest.startsWith("%{")) {
        throw this.error("template directives (%{ … }) are not supported");
      } else if (end !== undefined && rest.startsWith("\\")) {
        literal += this.escape();
      } else {
        literal += rest[0];
        this.position += 1;
      }
    }
    if (literal) parts.push(literal);
    if (parts.length === 1 && typeof parts[0] !== "string") return parts[0] as Value;
    return parts.map((part) => asString(part)).join("");
  }

  private escape(): string {
    const next = this.text[this.position + 1];
    this.position += 2;
    const simple: Record<string, string> = { n: "\n", t: "\t", r: "\r", '"': '"', "\\": "\\" };
    if (next !== undefined && next in simple) return simple[next] as string;
    if (next === "u") {
      const code = this.text.slice(this.position, this.position + 4);
      this.position += 4;
      return String.fromCharCode(parseInt(code, 16));
    }
    throw this.error(`unknown escape \\${next}`);
  }

  expression(): Value {
    this.skipSpace();
    const char = this.text[this.position];
    if (char === '"') {
      this.position += 1;
      const value = this.template('"');
      this.expect('"');
      return value;
    }
    if (char === "[") return this.list();
    if (char === "{") return this.object();
    const name = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.text.slice(this.position))?.[0];
    if (!name) throw this.error("expected an expression");
    this.position += name.length;
    this.skipSpace();
    if (this.text[this.position] === "(") return this.call(name);
    return this.traversal(name);
  }

  private list(): Value[] {
    this.expect("[");
    return this.items("]");
  }

  /** Comma-separated expressions up to `close`, which it consumes. */
  private items(close: "]" | ")"): Value[] {
    const items: Value[] = [];
    for (;;) {
      this.skipSpace();
      if (this.text[this.position] === close) break;
      items.push(this.expression());
      this.skipSpace();
      if (this.text[this.position] === ",") this.position += 1;
      else break;
    }
    this.skipSpace();
    this.expect(close);
    return items;
  }

  private object(): Value {
    this.expect("{");
    const entries: [string, Value][] = [];
    for (;;) {
      this.skipSpace();
      if (this.text[this.position] === "}") break;
      const key = this.expression();
      if (typeof key !== "string") throw this.error("an object key must be a string");
      this.skipSpace();
      if (this.text[this.position] !== "=" && this.text[this.position] !== ":")
        throw this.error('expected "="');
      this.position += 1;
      entries.push([key, this.expression()]);
      this.skipSpace();
      if (this.text[this.position] === ",") this.position += 1;
    }
    this.expect("}");
    return Object.fromEntries(entries);
  }

  private call(name: string): Value {
    const fn = FUNCTIONS[name];
    if (!fn) throw this.error(`the rehearsal does not evaluate ${name}()`);
    this.expect("(");
    const args = this.items(")");
    try {
      return fn(args);
    } catch (error) {
      throw this.error(`${name}(): ${(error as Error).message}`);
    }
  }

  private traversal(first: string): string {
    const steps: (string | number)[] = [first];
    for (;;) {
      const rest = this.text.slice(this.position);
      const attribute = /^\.([A-Za-z_][A-Za-z0-9_-]*)/.exec(rest);
      const index = /^\[(\d+)\]/.exec(rest);
      if (attribute) {
        steps.push(attribute[1] as string);
        this.position += attribute[0].length;
      } else if (index) {
        steps.push(Number(index[1]));
        this.position += index[0].length;
      } else break;
    }
    return this.resolve(steps);
  }

  private skipSpace(): void {
    while (/\s/.test(this.text[this.position] ?? "")) this.position += 1;
  }

  private expect(token: string): void {
    if (!this.text.startsWith(token, this.position)) throw this.error(`expected ${JSON.stringify(token)}`);
    this.position += token.length;
  }
}

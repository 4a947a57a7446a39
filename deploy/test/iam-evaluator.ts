import type { Template } from 'aws-cdk-lib/assertions';

/**
 * A small, deliberately conservative IAM evaluator over synthesized templates: it resolves the
 * intrinsic functions CDK emits (Ref, GetAtt, Join, ImportValue across stacks, pseudo
 * parameters) into strings with symbolic placeholders (`arn:<LogicalId>`, `ref:<LogicalId>`),
 * then answers "does any Allow statement attached to this role match action and resource?".
 * Conditions are ignored, so a conditional allow counts as an allow: "cannot" checks only get
 * stricter.
 */
export const ACCOUNT = '111111111111';
export const REGION = 'us-east-1';

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

// CloudFormation JSON is untyped by nature; the evaluator checks shapes as it walks them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

export class IamEvaluator {
  private readonly exports = new Map<string, unknown>();
  private readonly templates: Json[];

  constructor(...templates: Template[]) {
    this.templates = templates.map((t) => t.toJSON() as Json);
    for (const t of this.templates) {
      for (const output of Object.values<Json>(t.Outputs ?? {})) {
        if (output.Export?.Name) this.exports.set(output.Export.Name, output.Value);
      }
    }
  }

  /** Logical ids of every role across the templates. */
  roles(): string[] {
    return this.templates.flatMap((t) =>
      Object.keys(t.Resources).filter((id) => t.Resources[id].Type === 'AWS::IAM::Role'),
    );
  }

  /** The role with this RoleName. */
  roleNamed(name: string): string {
    const found = this.roles().filter((id) => this.resource(id).Properties?.RoleName === name);
    if (found.length !== 1) throw new Error(`no single role named ${name}`);
    return found[0]!;
  }

  /** Allow statements attached to a role, through AWS::IAM::Policy and inline policies. */
  statements(roleId: string): Statement[] {
    const inline = (this.resource(roleId).Properties?.Policies ?? []).flatMap(
      (p: Json) => p.PolicyDocument.Statement,
    );
    const attached = this.templates.flatMap((t) =>
      Object.values<Json>(t.Resources)
        .filter(
          (r) =>
            r.Type === 'AWS::IAM::Policy' &&
            (r.Properties.Roles ?? []).some((ref: Json) => ref.Ref === roleId),
        )
        .flatMap((r) => r.Properties.PolicyDocument.Statement),
    );
    return [...inline, ...attached].filter((s: Statement) => s.Effect === 'Allow');
  }

  /** Managed policy ARNs of a role, resolved. */
  managedPolicies(roleId: string): string[] {
    return (this.resource(roleId).Properties?.ManagedPolicyArns ?? []).map((a: unknown) => this.resolve(a));
  }

  /** True when some Allow statement of the role grants `action` on `resourceArn`. */
  can(roleId: string, action: string, resourceArn: string): boolean {
    return this.statements(roleId).some(
      (s) =>
        list(s.Action).some((a) => glob(a, action, true)) &&
        this.resources(s).some((r) => glob(r, resourceArn, false)),
    );
  }

  /** Resolved resource patterns of a statement. */
  resources(statement: Statement): string[] {
    return list(statement.Resource).map((r) => this.resolve(r));
  }

  /** Resolves an intrinsic value to a string with placeholders. */
  resolve(value: unknown): string {
    if (typeof value === 'string') return value;
    const v = value as Json;
    if (v.Ref !== undefined) return pseudo(v.Ref) ?? `ref:${v.Ref}`;
    if (v['Fn::GetAtt']) return `${String(v['Fn::GetAtt'][1]).toLowerCase()}:${v['Fn::GetAtt'][0]}`;
    if (v['Fn::Join'])
      return (v['Fn::Join'][1] as unknown[]).map((p) => this.resolve(p)).join(v['Fn::Join'][0]);
    if (v['Fn::ImportValue']) {
      const exported = this.exports.get(v['Fn::ImportValue']);
      if (exported === undefined) throw new Error(`unknown export ${v['Fn::ImportValue']}`);
      return this.resolve(exported);
    }
    if (v['Fn::Select']) {
      const [index, source] = v['Fn::Select'];
      const parts = source['Fn::Split']
        ? this.resolve(source['Fn::Split'][1]).split(source['Fn::Split'][0])
        : [];
      return parts[index] ?? `select:${JSON.stringify(source)}`;
    }
    throw new Error(`cannot resolve ${JSON.stringify(value)}`);
  }

  private resource(id: string): Json {
    for (const t of this.templates) if (t.Resources[id]) return t.Resources[id];
    throw new Error(`no resource ${id}`);
  }
}

function pseudo(ref: string): string | undefined {
  return {
    'AWS::Partition': 'aws',
    'AWS::Region': REGION,
    'AWS::AccountId': ACCOUNT,
    'AWS::URLSuffix': 'amazonaws.com',
  }[ref];
}

function list<T>(value: T | T[]): T[] {
  return Array.isArray(value) ? value : [value];
}

/** IAM wildcard match: `*` any run of characters, `?` one character. */
function glob(pattern: string, value: string, ignoreCase: boolean): boolean {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, ignoreCase ? 'i' : '').test(value);
}

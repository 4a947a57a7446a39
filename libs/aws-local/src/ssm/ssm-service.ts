import type { JsonService, Persistable, RequestContext } from '../contracts';
import { AwsError, callOperation } from '../contracts';
import type { Parameter, ParameterVersion } from './ssm-model';
import { parameterArn, parameterKey, ssmErrors, stripArn } from './ssm-names';
import { putVersion } from './ssm-put';

type Input = Record<string, unknown>;

/** The KMS operations SSM uses for SecureString values (the endpoint's KmsService). */
export interface SecureStringKms {
  encryptFor(
    where: Pick<RequestContext, 'account' | 'region'>,
    keyId: string,
    plaintext: Buffer,
    context: Record<string, string>,
  ): { blob: Buffer };
  decryptFor(
    where: Pick<RequestContext, 'account' | 'region'>,
    blob: Buffer,
    context: Record<string, string>,
  ): Buffer;
}

/**
 * SSM Parameter Store. With a KMS, SecureString values are stored encrypted under their
 * KeyId (default `alias/aws/ssm`) and decrypted only for WithDecryption; without decryption the
 * value is the KMS ciphertext, as in AWS.
 */
export class SsmService implements JsonService, Persistable {
  private readonly scopes = new Map<string, Map<string, Parameter>>();
  private readonly operations: Record<
    string,
    (input: Input, params: Map<string, Parameter>, ctx: RequestContext) => Input
  >;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly kms?: SecureStringKms,
  ) {
    this.operations = {
      PutParameter: (i, p, c) => this.put(i, p, c),
      GetParameter: (i, p, c) => ({
        Parameter: this.get(String(i.Name ?? ''), p, c, i.WithDecryption === true),
      }),
      GetParameters: (i, p, c) => this.getMany(i, p, c),
      GetParametersByPath: (i, p, c) => this.byPath(i, p, c),
      DeleteParameter: (i, p) => this.deleteOne(String(i.Name ?? ''), p),
      DeleteParameters: (i, p) => this.deleteMany(i, p),
      GetParameterHistory: (i, p, c) => this.history(i, p, c),
      LabelParameterVersion: (i, p) => this.label(i, p),
      DescribeParameters: (i, p, c) => this.describe(i, p, c),
      AddTagsToResource: (i, p) => this.tag(i, p),
      RemoveTagsFromResource: (i, p) => this.untag(i, p),
      ListTagsForResource: (i, p) => ({
        TagList: Object.entries(this.find(String(i.ResourceId ?? ''), p).tags).map(([Key, Value]) => ({
          Key,
          Value,
        })),
      }),
    };
  }

  handle(operation: string, input: Input, ctx: RequestContext): Promise<Input> {
    return callOperation('SSM', this.operations, operation, (op) => op(input, this.scope(ctx), ctx));
  }

  private scope(ctx: Pick<RequestContext, 'account' | 'region'>): Map<string, Parameter> {
    const key = `${ctx.account}/${ctx.region}`;
    let scope = this.scopes.get(key);
    if (!scope) this.scopes.set(key, (scope = new Map()));
    return scope;
  }

  private find(reference: string, params: Map<string, Parameter>): Parameter {
    const parameter = params.get(parameterKey(stripArn(reference)));
    if (!parameter) throw ssmErrors.notFound(reference);
    return parameter;
  }

  private put(input: Input, params: Map<string, Parameter>, ctx: RequestContext): Input {
    const existing = typeof input.Name === 'string' ? params.get(parameterKey(input.Name)) : undefined;
    const kms = this.kms;
    const seal = kms
      ? (name: string, keyId: string, value: string) =>
          withKeyErrors(() =>
            kms
              .encryptFor(ctx, keyId, Buffer.from(value, 'utf8'), this.context(ctx, name))
              .blob.toString('base64'),
          )
      : undefined;
    const { name, parameter, version } = putVersion(input, existing, this.now(), seal);
    params.set(parameterKey(name), parameter);
    return { Version: version.version, Tier: version.tier };
  }

  private get(
    reference: string,
    params: Map<string, Parameter>,
    ctx: RequestContext,
    decrypt: boolean,
  ): Input {
    const bare = stripArn(reference);
    const colon = bare.indexOf(':');
    const name = colon < 0 ? bare : bare.slice(0, colon);
    const selector = colon < 0 ? undefined : bare.slice(colon + 1);
    const parameter = params.get(parameterKey(name));
    if (!parameter) throw ssmErrors.notFound(reference);
    const version = this.select(parameter, name, selector);
    const out: Input = {
      Name: name,
      Type: version.type,
      Value: this.shown(parameter.name, version, ctx, decrypt),
      Version: version.version,
      LastModifiedDate: version.modifiedAt / 1000,
      ARN: parameterArn(ctx.region, ctx.account, name),
      DataType: version.dataType,
    };
    if (selector !== undefined) out.Selector = `:${selector}`;
    return out;
  }

  private select(parameter: Parameter, name: string, selector: string | undefined): ParameterVersion {
    const latest = parameter.versions[parameter.versions.length - 1]!;
    if (selector === undefined) return latest;
    const found = /^\d+$/.test(selector)
      ? parameter.versions.find((v) => v.version === Number(selector))
      : parameter.versions.find((v) => v.labels.includes(selector));
    if (!found) throw ssmErrors.versionNotFound(name, selector);
    return found;
  }

  /** KMS binds a SecureString's ciphertext to its parameter ARN (SSM's encryption context). */
  private context(ctx: RequestContext, name: string): Record<string, string> {
    return { PARAMETER_ARN: parameterArn(ctx.region, ctx.account, name) };
  }

  /** The value a caller sees: plaintext, or for a SecureString read without decryption its ciphertext. */
  private shown(name: string, version: ParameterVersion, ctx: RequestContext, decrypt: boolean): string {
    if (version.type !== 'SecureString') return version.value;
    if (!version.sealed) return decrypt ? version.value : this.cipher(version);
    if (!decrypt || !this.kms) return version.value;
    const kms = this.kms;
    return withKeyErrors(() =>
      kms.decryptFor(ctx, Buffer.from(version.value, 'base64'), this.context(ctx, name)).toString('utf8'),
    );
  }

  /** Opaque stand-in for the ciphertext of a value saved before aws-local had KMS. */
  private cipher(version: ParameterVersion): string {
    return Buffer.from(
      `lava-kms:${version.keyId ?? 'alias/aws/ssm'}:${Buffer.from(version.value).toString('hex')}`,
    ).toString('base64');
  }

  private getMany(input: Input, params: Map<string, Parameter>, ctx: RequestContext): Input {
    const names = Array.isArray(input.Names) ? (input.Names as string[]) : [];
    if (names.length === 0 || names.length > 10)
      throw ssmErrors.validation(
        `1 validation error detected: Value at 'names' failed to satisfy constraint: Member must have length less than or equal to 10`,
      );
    const Parameters: Input[] = [];
    const InvalidParameters: string[] = [];
    for (const name of names) {
      try {
        Parameters.push(this.get(name, params, ctx, input.WithDecryption === true));
      } catch (error) {
        if (
          (error as AwsError).code === 'ParameterVersionNotFound' ||
          (error as AwsError).code === 'ParameterNotFound'
        )
          InvalidParameters.push(name);
        else throw error;
      }
    }
    return { Parameters, InvalidParameters };
  }

  private byPath(input: Input, params: Map<string, Parameter>, ctx: RequestContext): Input {
    const path = String(input.Path ?? '');
    if (!path.startsWith('/'))
      throw ssmErrors.validation(
        'The parameter doesn\'t meet the parameter name requirements. The parameter name must begin with a forward slash "/".',
      );
    const base = path.endsWith('/') ? path : `${path}/`;
    const max = Number(input.MaxResults ?? 10);
    if (!Number.isInteger(max) || max < 1 || max > 10)
      throw ssmErrors.validation(
        "1 validation error detected: Value at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 10",
      );
    const filters = (input.ParameterFilters as { Key: string; Values?: string[] }[] | undefined) ?? [];
    const matching = [...params.values()]
      .filter(
        (p) =>
          p.name.startsWith(base) && (input.Recursive === true || !p.name.slice(base.length).includes('/')),
      )
      .filter((p) => this.passesFilters(p, filters))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const start = this.offset(input.NextToken);
    const page = matching.slice(start, start + max);
    const out: Input = {
      Parameters: page.map((p) => this.get(p.name, params, ctx, input.WithDecryption === true)),
    };
    if (start + max < matching.length) out.NextToken = Buffer.from(String(start + max)).toString('base64');
    return out;
  }

  private offset(token: unknown): number {
    if (token === undefined) return 0;
    const n = Number(Buffer.from(String(token), 'base64').toString());
    if (!Number.isInteger(n) || n < 0)
      throw new AwsError('InvalidNextToken', 'The specified token is not valid.');
    return n;
  }

  private passesFilters(parameter: Parameter, filters: { Key: string; Values?: string[] }[]): boolean {
    const latest = parameter.versions[parameter.versions.length - 1]!;
    return filters.every((f) => {
      const values = f.Values ?? [];
      if (f.Key === 'Type') return values.includes(latest.type);
      if (f.Key === 'KeyId') return latest.keyId !== undefined && values.includes(latest.keyId);
      if (f.Key === 'Label') return parameter.versions.some((v) => v.labels.some((l) => values.includes(l)));
      return true;
    });
  }

  private deleteOne(name: string, params: Map<string, Parameter>): Input {
    if (!params.delete(parameterKey(stripArn(name)))) throw ssmErrors.notFound(name);
    return {};
  }

  private deleteMany(input: Input, params: Map<string, Parameter>): Input {
    const DeletedParameters: string[] = [];
    const InvalidParameters: string[] = [];
    for (const name of (input.Names as string[] | undefined) ?? [])
      (params.delete(parameterKey(name)) ? DeletedParameters : InvalidParameters).push(name);
    return { DeletedParameters, InvalidParameters };
  }

  private history(input: Input, params: Map<string, Parameter>, ctx: RequestContext): Input {
    const parameter = this.find(String(input.Name ?? ''), params);
    return {
      Parameters: parameter.versions.map((v) => ({
        Name: parameter.name,
        Type: v.type,
        Value: this.shown(parameter.name, v, ctx, input.WithDecryption === true),
        Version: v.version,
        Labels: v.labels,
        LastModifiedDate: v.modifiedAt / 1000,
        Tier: v.tier,
        DataType: v.dataType,
        ...(v.description !== undefined ? { Description: v.description } : {}),
      })),
    };
  }

  private label(input: Input, params: Map<string, Parameter>): Input {
    const parameter = this.find(String(input.Name ?? ''), params);
    const latest = parameter.versions[parameter.versions.length - 1]!;
    const target =
      input.ParameterVersion === undefined
        ? latest
        : parameter.versions.find((v) => v.version === Number(input.ParameterVersion));
    if (!target) throw ssmErrors.versionNotFound(parameter.name, String(input.ParameterVersion));
    const labels = (input.Labels as string[] | undefined) ?? [];
    const invalid = labels.filter(
      (l) => /^(aws|ssm)/i.test(l) || /^\d/.test(l) || !/^[a-zA-Z0-9_.-]{1,100}$/.test(l),
    );
    // A label lives on one version at a time: attaching it moves it.
    for (const version of parameter.versions)
      version.labels = version.labels.filter((l) => !labels.includes(l) || invalid.includes(l));
    target.labels.push(...labels.filter((l) => !invalid.includes(l)));
    return { InvalidLabels: invalid, ParameterVersion: target.version };
  }

  private describe(input: Input, params: Map<string, Parameter>, ctx: RequestContext): Input {
    const filters =
      (input.ParameterFilters as { Key: string; Option?: string; Values?: string[] }[] | undefined) ?? [];
    const all = [...params.values()].filter((p) =>
      filters.every((f) => {
        const values = f.Values ?? [];
        if (f.Key === 'Name')
          return values.some((v) =>
            f.Option === 'BeginsWith'
              ? p.name.startsWith(v)
              : p.name === v || parameterKey(p.name) === parameterKey(v),
          );
        if (f.Key === 'Path') return values.some((v) => p.name.startsWith(v.endsWith('/') ? v : `${v}/`));
        return this.passesFilters(p, [f]);
      }),
    );
    all.sort((a, b) => (a.name < b.name ? -1 : 1));
    const max = Number(input.MaxResults ?? 50);
    const start = this.offset(input.NextToken);
    const out: Input = {
      Parameters: all.slice(start, start + max).map((p) => {
        const v = p.versions[p.versions.length - 1]!;
        return {
          Name: p.name,
          ARN: parameterArn(ctx.region, ctx.account, p.name),
          Type: v.type,
          Version: v.version,
          LastModifiedDate: v.modifiedAt / 1000,
          Tier: v.tier,
          DataType: v.dataType,
          ...(v.keyId ? { KeyId: v.keyId } : {}),
          ...(v.description !== undefined ? { Description: v.description } : {}),
        };
      }),
    };
    if (start + max < all.length) out.NextToken = Buffer.from(String(start + max)).toString('base64');
    return out;
  }

  private tag(input: Input, params: Map<string, Parameter>): Input {
    const parameter = this.find(String(input.ResourceId ?? ''), params);
    for (const t of (input.Tags as { Key: string; Value: string }[] | undefined) ?? [])
      parameter.tags[t.Key] = t.Value;
    return {};
  }

  private untag(input: Input, params: Map<string, Parameter>): Input {
    const parameter = this.find(String(input.ResourceId ?? ''), params);
    for (const key of (input.TagKeys as string[] | undefined) ?? []) delete parameter.tags[key];
    return {};
  }

  snapshot(): unknown {
    return [...this.scopes.entries()].map(([scope, params]) => [scope, [...params.entries()]]);
  }

  restore(data: unknown): void {
    for (const [scope, entries] of (data as [string, [string, Parameter][]][] | undefined) ?? [])
      this.scopes.set(scope, new Map(entries));
  }
}

/** KMS refusals as SSM reports them: an unknown key is `InvalidKeyId`, the rest pass through. */
function withKeyErrors<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof AwsError && error.code === 'NotFoundException')
      throw new AwsError('InvalidKeyId', error.message);
    throw error;
  }
}
